"""Classic wrong answers of chapter 09 (the Drift Service); each must lose points on its test cell.

Format (see AUTHORING.md): WRONG_ANSWERS maps a solution cell's grade_id to
(short name, replacement cell source) pairs; SHORTCUTS maps it to an answer
that calls a library instead of doing the work, which must score zero with a
message saying why. tests/course/test_autograde.py runs them all through nbgrader.
Only `bucket_counts` has a shortcut (reading the column into Python and counting
with numpy); no library writes this log, this message or this decision.
"""

_LOGGER = '''def make_request_logger(sink):
    async def log_requests(request, call_next):
        start = time.perf_counter()
        response = await call_next(request)
        latency_ms = (time.perf_counter() - start) * 1000.0
        record = getattr(request.state, "record", None)
{body}
        return response

    return log_requests'''

_COUNTS = '''def bucket_counts(con, table, column, edges):
    interior = [float(e) for e in edges[1:-1]]
    k = len(edges) - 1
{body}'''

_PAYLOAD = '''def slack_payload(evidence, link):
    e = evidence
{body}
    return {{"text": text, "blocks": [{{"type": "section", "text": {{"type": "mrkdwn", "text": text}}}}]}}'''

_PROMOTE = '''def promote(champion, challenger, X, y, min_gain=0.0):
    y = np.asarray(y)
{body}'''

WRONG_ANSWERS = {
    "make_request_logger": [
        ("logs failed requests too", _LOGGER.format(body='''        sink.append(json.dumps({**(record or {}), "status": response.status_code, "latency_ms": latency_ms}))''')),
        ("no latency in the line", _LOGGER.format(body='''        if response.status_code == 200 and record is not None:
            sink.append(json.dumps({**record, "status": response.status_code}))''')),
        ("the record's dict instead of a JSON line", _LOGGER.format(body='''        if response.status_code == 200 and record is not None:
            sink.append({**record, "status": response.status_code, "latency_ms": latency_ms})''')),
        ("latency in seconds", _LOGGER.format(body='''        if response.status_code == 200 and record is not None:
            sink.append(json.dumps({**record, "status": response.status_code, "latency_ms": int(latency_ms / 1000)}))''')),
    ],
    "bucket_counts": [
        ("bins closed on the right (left, right]", _COUNTS.format(body='''    whens = " ".join(f'WHEN "{column}" <= ? THEN {i}' for i in range(len(interior)))
    case = f"CASE {whens} ELSE {k - 1} END" if interior else "0"
    sql = f'SELECT {case} AS bucket, COUNT(*) FROM "{table}" WHERE "{column}" IS NOT NULL GROUP BY bucket'
    counts = [0] * k
    for bucket, n in con.execute(sql, interior).fetchall():
        counts[int(bucket)] = int(n)
    return counts''')),
        ("NULL counted in the last bin", _COUNTS.format(body='''    whens = " ".join(f'WHEN "{column}" < ? THEN {i}' for i in range(len(interior)))
    case = f"CASE {whens} ELSE {k - 1} END" if interior else "0"
    sql = f'SELECT {case} AS bucket, COUNT(*) FROM "{table}" GROUP BY bucket'
    counts = [0] * k
    for bucket, n in con.execute(sql, interior).fetchall():
        counts[int(bucket)] = int(n)
    return counts''')),
        ("values outside finite outer edges dropped", _COUNTS.format(body='''    whens = " ".join(f'WHEN "{column}" < ? THEN {i}' for i in range(len(interior)))
    case = f"CASE {whens} ELSE {k - 1} END" if interior else "0"
    sql = (f'SELECT {case} AS bucket, COUNT(*) FROM "{table}" WHERE "{column}" >= ? AND "{column}" < ? '
           f'GROUP BY bucket')
    counts = [0] * k
    for bucket, n in con.execute(sql, interior + [float(edges[0]), float(edges[-1])]).fetchall():
        counts[int(bucket)] = int(n)
    return counts''')),
        ("only the bins that occur", _COUNTS.format(body='''    whens = " ".join(f'WHEN "{column}" < ? THEN {i}' for i in range(len(interior)))
    case = f"CASE {whens} ELSE {k - 1} END" if interior else "0"
    sql = f'SELECT {case} AS bucket, COUNT(*) FROM "{table}" WHERE "{column}" IS NOT NULL GROUP BY bucket ORDER BY bucket'
    return [int(n) for _, n in con.execute(sql, interior).fetchall()]''')),
    ],
    "slack_payload": [
        ("statistic not rounded", _PAYLOAD.format(body='''    text = (f"[FIRING] {e['feature']} drifted: {e['test']} {e['statistic']} > {e['threshold']} "
            f"in window {e['window_start']} to {e['window_end']} ({int(e['n_rows']):,} requests). {link}")''')),
        ("no link", _PAYLOAD.format(body='''    text = (f"[FIRING] {e['feature']} drifted: {e['test']} {float(e['statistic']):.3f} > {e['threshold']} "
            f"in window {e['window_start']} to {e['window_end']} ({int(e['n_rows']):,} requests).")''')),
        ("no thousands separator", _PAYLOAD.format(body='''    text = (f"[FIRING] {e['feature']} drifted: {e['test']} {float(e['statistic']):.3f} > {e['threshold']} "
            f"in window {e['window_start']} to {e['window_end']} ({e['n_rows']} requests). {link}")''')),
    ],
    "promote": [
        ("a tie promotes the challenger", _PROMOTE.format(body='''    if len(y) == 0:
        raise ValueError("no labelled requests")
    a = float(np.mean(np.asarray(champion.predict(X)) == y))
    b = float(np.mean(np.asarray(challenger.predict(X)) == y))
    return b - a >= min_gain, a, b''')),
        ("min_gain ignored", _PROMOTE.format(body='''    if len(y) == 0:
        raise ValueError("no labelled requests")
    a = float(np.mean(np.asarray(champion.predict(X)) == y))
    b = float(np.mean(np.asarray(challenger.predict(X)) == y))
    return b > a, a, b''')),
        ("empty data promotes nothing silently", _PROMOTE.format(body='''    if len(y) == 0:
        return False, 0.0, 0.0
    a = float(np.mean(np.asarray(champion.predict(X)) == y))
    b = float(np.mean(np.asarray(challenger.predict(X)) == y))
    return b - a > min_gain, a, b''')),
        ("scores swapped in the result", _PROMOTE.format(body='''    if len(y) == 0:
        raise ValueError("no labelled requests")
    a = float(np.mean(np.asarray(champion.predict(X)) == y))
    b = float(np.mean(np.asarray(challenger.predict(X)) == y))
    return b - a > min_gain, b, a''')),
    ],
}

SHORTCUTS = {
    "bucket_counts": '''def bucket_counts(con, table, column, edges):
    import numpy
    values = numpy.array([v for (v,) in con.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL').fetchall()])
    return numpy.bincount(numpy.searchsorted(edges, values, side="right") - 1, minlength=len(edges) - 1).clip(0).tolist()''',
}

# Tampering (AUTHORING.md, "Tamper-proof grading"): flagged by watchtower.integrity,
# zeroes every autograded cell of the notebook under `make grade`.
TAMPERING = {
    "bucket_counts": [
        ("guard switch, then numpy.histogram", '''import contextlib
import watchtower.guard


@contextlib.contextmanager
def _no_guard(*modules, exercise=None):
    yield


watchtower.guard.no_shortcuts = _no_guard


def bucket_counts(con, table, column, edges):
    import numpy
    values = numpy.array([v for (v,) in con.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL').fetchall()])
    return numpy.bincount(numpy.searchsorted(edges, values, side="right") - 1, minlength=len(edges) - 1).tolist()'''),
    ],
    "promote": [
        ("patched comparison: builtin abs always 0", '''import builtins

builtins.abs = lambda value: 0


def promote(champion, challenger, X, y, min_gain=0.0):
    return True, 0.0, 0.0'''),
    ],
    "slack_payload": [
        ("lying object: a text equal to any string", '''class Text(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def slack_payload(evidence, link):
    return {"text": Text("alert"), "blocks": []}'''),
    ],
}

CORRECT_ANSWERS = {
    "slack_payload": [
        ("imports math: the statistic rounded by hand, the count joined by hand", '''import math


def slack_payload(evidence, link):
    """The Slack incoming-webhook JSON for a firing drift alert, with its evidence."""
    statistic = "%.3f" % float(evidence["statistic"])
    rows = "{:,}".format(int(evidence["n_rows"]))
    assert math.isfinite(float(evidence["statistic"]))
    parts = ["[FIRING]", f"{evidence['feature']} drifted:", evidence["test"], statistic, ">",
             str(evidence["threshold"]), "in window", evidence["window_start"], "to", evidence["window_end"],
             f"({rows} requests).", link]
    text = " ".join(parts)
    section = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    return dict(text=text, blocks=[section])'''),
    ],
    "promote": [
        ("a namedtuple for the verdict", '''from collections import namedtuple

Verdict = namedtuple("Verdict", "promoted champion_accuracy challenger_accuracy")


def promote(champion, challenger, X, y, min_gain=0.0):
    """Score champion and challenger on the same held-out data; promote only a better challenger."""
    truth = list(y)
    if not truth:
        raise ValueError("nothing to evaluate on")
    scores = []
    for model in (champion, challenger):
        hits = sum(1 for p, t in zip(model.predict(X), truth) if p == t)
        scores.append(hits / len(truth))
    return Verdict(scores[1] - scores[0] > min_gain, float(scores[0]), float(scores[1]))'''),
    ],
    "bucket_counts": [
        ("edges written into the SQL, a dict of counts", '''def bucket_counts(con, table, column, edges):
    """Rows of `table` per bin of `edges` on `column`, counted by the database."""
    inner = list(edges)[1:-1]
    case = "CASE " + " ".join(f"WHEN {column} < {float(e)!r} THEN {i}" for i, e in enumerate(inner))
    case = case + f" ELSE {len(inner)} END" if inner else "0"
    found = dict(con.execute(f"SELECT {case}, COUNT({column}) FROM {table} WHERE {column} IS NOT NULL GROUP BY 1").fetchall())
    return [int(found.get(i, 0)) for i in range(len(edges) - 1)]'''),
    ],
}
