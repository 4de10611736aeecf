"""Detection delay, false alarms and per-update cost of the stream detectors, driftscope against River 0.26.

    .venv/bin/python benchmarks/detection.py [--seeds 40] [--n 5000]

Every detector of both libraries reads the same 0/1 error streams
(`driftscope.synthetic.drifting_stream`), one seeded stream per seed and
scenario:

* ``stationary``: error rate 0.2 throughout: every detection is a false alarm;
* ``abrupt``: 0.2, then 0.35 from the middle of the stream;
* ``gradual``: from 0.2 to 0.35 along a logistic curve 1,000 values wide, centred
  on the middle (River's ``ConceptDriftStream`` shape); the change is taken to
  start where the curve starts, 500 values before the centre.

Per detector and library: the mean and median detection delay (values from the
change to the first detection at or after it), the changes missed, the false
alarms (detections before the change) per 10,000 values, whether the two
libraries flagged exactly the same steps on every stream, and the cost of one
``update`` (CPU time over all updates, ns). Default parameters, except
Page-Hinkley's ``mode="up"`` for both (a rising error rate is the drift that
matters). Not part of the test suite; about a minute on an idle core.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import driftscope as ds
from driftscope.synthetic import drifting_stream

BEFORE, AFTER, WIDTH = 0.2, 0.35, 1000


def scenarios(n: int, seeds: int):
    """(name, change start or None, list of streams as Python ints)."""
    mid = n // 2
    make = dict(before=BEFORE, after=AFTER, change_point=mid)
    yield "stationary", None, [drifting_stream(n, change_point=n, before=BEFORE, after=BEFORE,
                                               seed=s).tolist() for s in range(seeds)]
    yield "abrupt", mid, [drifting_stream(n, seed=1000 + s, **make).tolist() for s in range(seeds)]
    yield "gradual", mid - WIDTH // 2, [drifting_stream(n, width=WIDTH, seed=2000 + s, **make).tolist()
                                         for s in range(seeds)]


def detectors():
    from river import drift

    return [("Page-Hinkley", lambda: ds.PageHinkley(mode="up"), lambda: drift.PageHinkley(mode="up")),
            ("DDM", ds.DDM, drift.binary.DDM),
            ("ADWIN", ds.ADWIN, drift.ADWIN)]


def run(make, streams, change):
    """Flagged steps per stream, the scores, and the seconds spent in update."""
    steps, seconds = [], 0.0
    for stream in streams:
        det = make()
        update, flagged = det.update, []
        t0 = time.process_time()  # CPU time: other work on a shared machine does not count
        for i, x in enumerate(stream):
            update(x)
            if det.drift_detected:
                flagged.append(i)
        seconds += time.process_time() - t0
        steps.append(flagged)
    scores = [ds.score_detections(s, change) for s in steps]
    return steps, scores, seconds


def summary(scores, change, n_values):
    delays = [s.delay for s in scores if s.delay is not None]
    return {
        "mean_delay": statistics.fmean(delays) if delays else None,
        "median_delay": statistics.median(delays) if delays else None,
        "missed": None if change is None else sum(s.delay is None for s in scores),
        "false_per_10k": 10_000 * sum(s.false_alarms for s in scores) / n_values,
    }


def _fmt(value, width):
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.0f}"


def _row(name, det_name, library, s):
    return (f"{name:<11} {det_name:<13} {library:<10} {_fmt(s['mean_delay'], 10)} "
            f"{_fmt(s['median_delay'], 7)} {_fmt(s['missed'], 6)} {s['false_per_10k']:>9.2f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=40, help="streams per scenario")
    parser.add_argument("--n", type=int, default=5000, help="values per stream")
    args = parser.parse_args(argv)
    print(f"{args.seeds} seeded 0/1 error streams of {args.n:,} values per scenario; error rate "
          f"{BEFORE} -> {AFTER}; delays in values, false alarms per 10,000 values before the change;")
    print("one row when both libraries flag the same steps on every stream (else one row each);")
    print("cost: CPU ns per update, and River's over driftscope's (above 1: driftscope is faster)")
    print(f"{'scenario':<11} {'detector':<13} {'library':<10} {'mean delay':>10} {'median':>7} "
          f"{'missed':>6} {'false/10k':>9} {'driftscope':>10} {'River':>6} {'ratio':>6}  same steps")
    ok = True
    for name, change, streams in scenarios(args.n, args.seeds):
        quiet_values = sum(len(s) if change is None else change for s in streams)
        updates = sum(len(s) for s in streams)
        for det_name, ours, theirs in detectors():
            results = {}
            for library, make in (("driftscope", ours), ("River", theirs)):
                steps, scores, seconds = run(make, streams, change)
                results[library] = (steps, summary(scores, change, quiet_values), 1e9 * seconds / updates)
            same = results["driftscope"][0] == results["River"][0]
            ok &= same
            cost_ours, cost_theirs = results["driftscope"][2], results["River"][2]
            cost = f" {cost_ours:>10.0f} {cost_theirs:>6.0f} {cost_theirs / cost_ours:>6.2f}"
            if same:
                print(_row(name, det_name, "both", results["River"][1]) + cost + "  yes")
            else:
                print(_row(name, det_name, "driftscope", results["driftscope"][1]) + cost + "  NO")
                print(_row(name, det_name, "River", results["River"][1]))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
