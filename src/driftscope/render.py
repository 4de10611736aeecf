"""Renderings of a `DriftReport`: a self-contained HTML page and Prometheus metrics.

The HTML page is one file with everything inline: a style sheet, the verdict
table and, for the most drifted columns (at most `MAX_FIGURES`), a
matplotlib figure (reference against current) embedded as SVG; every other
column is in the table, so the page grows with the table, not with figures.
Text from the data (column names, category labels) is escaped in the HTML
and drawn literally in the figures (no math-text: ``"$"`` is a dollar). It loads nothing: no scripts, no fonts, no
external style sheets, no ``http://`` anywhere, so it opens the same in an
air-gapped station and in a CI artefact viewer.
"""

from __future__ import annotations

import html
import io
import math
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .report import DriftReport

__all__ = ["render_html", "render_prometheus", "figure_svg", "MAX_FIGURES", "severity"]

#: Figures on one page: the most drifted columns; the table holds every column.
MAX_FIGURES = 24

_REFERENCE_COLOR = "#4c72b0"
_CURRENT_COLOR = "#dd8452"

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:2rem}
.summary{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;margin:1rem 0}
.badge{display:inline-block;padding:.3rem .8rem;border-radius:1rem;font-weight:600}
.drift{background:#ffebe9;color:#a40e26;border:1px solid #ff8182}
.ok{background:#dafbe1;color:#116329;border:1px solid #4ac26b}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.drifted td{background:#fff5f5}
.note{color:#59636e;font-size:.8rem}
figure{margin:1.5rem 0;border:1px solid #d0d7de;border-radius:.5rem;padding:.5rem}
figcaption{font-size:.9rem;color:#59636e;margin-top:.25rem}
figure svg{max-width:100%;height:auto}
footer{margin-top:2rem;font-size:.8rem;color:#59636e}
"""


def _fmt(value: Any) -> str:
    if value is None:
        return "&ndash;"
    if isinstance(value, float):
        if value == 0 or 1e-3 <= abs(value) < 1e4:
            return f"{value:.4f}"
        return f"{value:.3e}"
    return html.escape(str(value))


def figure_svg(column: Any, plot: dict[str, Any], *, salt: str = "") -> str:
    """An SVG bar chart of reference against current shares for one column.

    Parameters
    ----------
    column : str
        The column name (figure title).
    plot : dict
        ``{"type": "numerical", "edges", "reference", "current"}`` or
        ``{"type": "categorical", "labels", "reference", "current"}`` (shares).
    salt : str
        Makes the SVG's internal ids unique when several figures share a page.

    Returns
    -------
    svg : str
        An ``<svg>`` element ready to inline in HTML5 (no XML prolog, no
        namespace URLs).
    """
    import numpy as np
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    # text.parse_math off: a column named "$x^$" or a category "$$" is text,
    # not TeX for matplotlib's math-text parser (which raises on it).
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": f"driftscope-{salt}",
                     "font.size": 9, "text.parse_math": False, "text.usetex": False}):
        fig = Figure(figsize=(7.0, 2.8), dpi=100)
        ax = fig.add_subplot()
        ref, cur = np.asarray(plot["reference"]), np.asarray(plot["current"])
        if plot["type"] == "numerical":
            edges, unit = _axis_scale(np.asarray(plot["edges"], dtype=np.float64))
            widths = np.diff(edges)
            ax.bar(edges[:-1], ref, width=widths, align="edge", alpha=0.55,
                   color=_REFERENCE_COLOR, label="reference", edgecolor="white", linewidth=0.4)
            ax.bar(edges[:-1], cur, width=widths, align="edge", alpha=0.55,
                   color=_CURRENT_COLOR, label="current", edgecolor="white", linewidth=0.4)
            ax.set_xlabel(_display(column) + unit)
        else:
            x = np.arange(len(plot["labels"]))
            ax.bar(x - 0.2, ref, width=0.4, color=_REFERENCE_COLOR, label="reference")
            ax.bar(x + 0.2, cur, width=0.4, color=_CURRENT_COLOR, label="current")
            ax.set_xticks(x, [_display(label, 18) for label in plot["labels"]],
                          rotation=30 if len(x) > 5 else 0, ha="right" if len(x) > 5 else "center")
        ax.set_ylabel("share")
        ax.set_title(_display(column), loc="left")
        # A fixed corner: loc="best" times its own search and warns when it is slow, which
        # on a busy machine turns a wide report into a warning per column.
        ax.legend(frameon=False, loc="upper right")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return _inline_svg(buf.getvalue())


def _display(text: Any, limit: int | None = None) -> str:
    """Text for a figure: control and format characters shown as escapes.

    Fonts have no glyph for NUL or a right-to-left override, and a newline
    would break a title; ``\\x00`` says what the data holds.
    """
    import unicodedata

    text = str(text)
    text = "".join(c if unicodedata.category(c)[0] != "C" else
                   (f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}") for c in text)
    return text if limit is None or len(text) <= limit else text[:limit - 1] + "\u2026"


def _examples_html(examples: dict[str, list] | None) -> str:
    """Typical messages of each window (text columns), as short escaped lists; "" if none."""
    if not examples:
        return ""
    parts = []
    for side in ("current", "reference"):
        if examples.get(side):
            items = "".join(f"<li>{html.escape(_display(m, 160))}</li>" for m in examples[side])
            parts.append(f'<p class="note">Typical {side} messages:</p><ul class="examples">{items}</ul>')
    return "".join(parts)


def _axis_scale(edges: Any) -> tuple[Any, str]:
    """Edges in units matplotlib's tick locator can handle, and the unit's label.

    Near the float limit (or near its smallest numbers) the locator's own
    arithmetic overflows; the axis then counts in powers of ten.
    """
    import numpy as np

    big = np.finfo(np.float64).max
    edges = np.clip(edges, -big, big)  # an open outer edge is drawn at the float limit
    top = float(np.max(np.abs(edges)))
    span = float(edges[-1] / 2 - edges[0] / 2)
    if top < 1e200 and not 0 < span < 1e-200:
        return edges, ""
    exponent = int(math.floor(math.log10(top if top >= 1e200 else span)))
    return edges / 10.0 ** exponent if exponent < 308 else edges / 1e300 / 10.0 ** (exponent - 300), \
        f" (x 1e{exponent})"


def _inline_svg(svg: str) -> str:
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r'\s+version="1\.1"', "", svg, count=1)
    return svg.strip()


def render_html(report: "DriftReport", *, title: str | None = None) -> str:
    """The report as one self-contained HTML5 page (see `DriftReport.to_html`)."""
    from . import __version__

    title = title or f"Drift report ({report.policy} policy)"
    verdict = "Dataset drift detected" if report.dataset_drift else "No dataset drift"
    badge = "drift" if report.dataset_drift else "ok"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        '<div class="summary">',
        f'<span class="badge {badge}" id="verdict">{verdict}</span>',
        f"<span>{report.n_drifted} of {len(report.rows)} columns drifted "
        f"({report.drifted_share:.0%}; {report.rule})</span>",
        "</div>",
        '<table id="columns"><thead><tr><th>column</th><th>kind</th><th>test</th>'
        '<th>statistic</th><th>threshold</th><th>p-value</th><th>drifted</th>'
        "<th>n reference / current</th><th>missing</th></tr></thead><tbody>",
    ]
    for r in report.rows:
        note = f'<div class="note">{html.escape(r.note)}</div>' if r.note else ""
        out.append(
            f'<tr class="{"drifted" if r.drifted else "stable"}">'
            f"<td><strong>{html.escape(str(r.column))}</strong>{note}</td>"
            f"<td>{html.escape(r.kind)}</td><td>{html.escape(r.test)}</td>"
            f'<td class="num">{_fmt(r.statistic)}</td><td class="num">{_fmt(r.threshold)}</td>'
            f'<td class="num">{_fmt(r.pvalue)}</td>'
            f"<td>{'<strong>drift</strong>' if r.drifted else 'no'}</td>"
            f'<td class="num">{r.n_reference:,} / {r.n_current:,}</td>'
            f'<td class="num">{r.missing_reference:,} / {r.missing_current:,}</td></tr>')
    out.append("</tbody></table>")
    if report.skipped:
        out.append("<h2>Columns not tested</h2><ul>")
        out.extend(f"<li><strong>{html.escape(str(c))}</strong>: {html.escape(reason)}</li>"
                   for c, reason in report.skipped.items())
        out.append("</ul>")
    drifted = sorted((r for r in report.rows if r.drifted), key=severity, reverse=True)
    if drifted:
        out.append("<h2>Drifted columns</h2>")
        if len(drifted) > MAX_FIGURES:
            out.append(f'<p class="note" id="figures-note">Figures for the {MAX_FIGURES} most '
                       f"drifted of the {len(drifted)} drifted columns (furthest past their "
                       "thresholds first); the table above lists them all.</p>")
        for i, r in enumerate(drifted[:MAX_FIGURES]):
            svg = figure_svg(r.column, report.figures[r.column], salt=str(i))
            out.append(
                f'<figure class="drift-figure">{svg}<figcaption>{html.escape(str(r.column))}: '
                f"{html.escape(r.test)} = {_fmt(r.statistic)} (threshold {_fmt(r.threshold)}); "
                "reference in blue, current in orange."
                f"{_examples_html(report.figures[r.column].get('examples'))}"
                "</figcaption></figure>")
    params = ", ".join(f"{k}={v}" for k, v in report.params.items())
    out.append(f"<footer>driftscope {html.escape(__version__)}, policy "
               f"{html.escape(report.policy)}{(': ' + html.escape(params)) if params else ''}"
               "</footer></body></html>")
    return "\n".join(out) + "\n"


def severity(row: Any) -> float:
    """How far a row's score is past its threshold, on a log scale (larger: more drifted).

    A score that is the row's p-value drifts downwards: ``log(threshold /
    p)``; a distance or effect size drifts upwards: ``log(score /
    threshold)``. Zero scores and thresholds count as the smallest
    positive float, so the order is defined for every row.
    """
    tiny = 5e-324
    score, threshold = abs(float(row.statistic)), abs(float(row.threshold))
    score, threshold = max(score, tiny), max(threshold, tiny)
    if math.isinf(score):
        return math.inf
    ratio = math.log(threshold) - math.log(score)
    is_pvalue = row.pvalue is not None and float(row.pvalue) == float(row.statistic)
    return ratio if is_pvalue else -ratio


def _escape_label(value: Any) -> str:
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)


def check_prometheus_names(prefix: str, labels: dict[str, str] | None) -> dict[str, str]:
    """Validate a metric-name prefix and extra labels; return the labels as a dict."""
    from ._validation import check_metric_labels, check_metric_name

    check_metric_name(prefix)
    return check_metric_labels(labels, reserved=("column", "kind", "test", "policy"))


def report_families(report: "DriftReport", *, prefix: str = "driftscope",
                    labels: dict[str, str] | None = None
                    ) -> list[tuple[str, str, list[tuple[dict[str, Any], float]]]]:
    """The report's gauges: ``(name, help, [(labels, value), ...])`` per metric family.

    One source for `render_prometheus` (text) and `driftscope.metrics.DriftCollector`
    (prometheus_client), so both expose the same names, labels and values.
    """
    from ._validation import check_label_values

    extra = check_prometheus_names(prefix, labels)
    base = {"policy": report.policy, **extra}
    rows = report.rows
    check_label_values([r.column for r in rows])
    col_labels = [{"column": r.column, "kind": r.kind, "test": r.test, **base} for r in rows]
    families = [
        ("column_drift_score",
         "Drift score of a column, compared with its threshold (p-value, distance or effect size).",
         [(lab, r.statistic) for r, lab in zip(rows, col_labels)]),
        ("column_drift_threshold", "Threshold the column's drift score is compared with.",
         [(lab, r.threshold) for r, lab in zip(rows, col_labels)]),
        ("column_pvalue", "p-value behind the column's verdict (corrected under the watchtower policy).",
         [(lab, r.pvalue) for r, lab in zip(rows, col_labels) if r.pvalue is not None]),
        ("column_drifted", "1 if the column drifted, else 0.",
         [(lab, float(r.drifted)) for r, lab in zip(rows, col_labels)]),
        ("columns", "Number of columns tested.", [(base, len(rows))]),
        ("drifted_columns", "Number of drifted columns.", [(base, report.n_drifted)]),
        ("drifted_share", "Share of drifted columns.", [(base, report.drifted_share)]),
        ("dataset_drift", "1 if the data set drifted, else 0.", [(base, float(report.dataset_drift))]),
    ]
    return [(f"{prefix}_{name}", help_text, samples) for name, help_text, samples in families]


def render_prometheus(report: "DriftReport", *, prefix: str = "driftscope",
                      labels: dict[str, str] | None = None) -> str:
    """The report in Prometheus' text exposition format (see `DriftReport.to_prometheus`)."""
    lines: list[str] = []
    for name, help_text, samples in report_families(report, prefix=prefix, labels=labels):
        if not samples:
            continue
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} gauge")
        for lab, value in samples:
            body = ",".join(f'{k}="{_escape_label(v)}"' for k, v in lab.items())
            lines.append(f"{name}{{{body}}} {_number(value)}")
    return "\n".join(lines) + "\n"
