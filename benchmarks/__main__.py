"""``make bench``: driftscope against Evidently on the same frames, in the same run.

    .venv/bin/python -m benchmarks [--quick] [--skip-scaling] [--skip-sketch] [--no-write]

For every case (1,000 x 10, 100,000 x 20, 1,000,000 x 10 and a wide
100,000 x 200 of mixed numeric and categorical columns) it runs
``driftscope.drift_report(policy="evidently")`` and Evidently 0.7's
``Report([DataDriftPreset()]).run`` on the very same frames, each in fresh
processes (see ``benchmarks/_measure.py`` for the method), and reports wall
time, peak memory, their ratio, and whether every column's test, verdict and
score agree (scores within 1e-9). Then the scaling curve of driftscope alone
(rows 10^4 to 10^6, columns 10 to 200, with ``benchmarks/scaling.png``) and
the streaming sketch's update throughput (``benchmarks/sketch_throughput.py``),
the stream detectors' detection delay, false alarms and per-update cost next to
River's on the same seeded streams (``benchmarks/detection.py``), ``driftscope
report --html`` on 2,000 columns x 200 rows under each policy
(``benchmarks/wide_report.py``), and text columns
against Evidently's domain classifier (``benchmarks/text.py``).

Everything goes to ``benchmarks/RESULTS.md`` with the machine and versions.
The full run takes a few minutes, most of it Evidently on 1,000,000 rows.
``--quick`` leaves out the 1,000,000-row and wide cases (about a minute).
Exit status 1 if any verdict or score disagrees.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
PLOT = HERE / "scaling.png"
TOLERANCE = 1e-9
TARGET_RATIO = 30.0
HEADLINE = "1m_x10"

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("EVIDENTLY_DISABLE_TELEMETRY", "1")


# --- one measurement per process -----------------------------------------------------------

def _child(library: str, case: str, mode: str, repeat: int = 3) -> dict:
    env = dict(os.environ)
    if mode == "memory":
        env["MALLOC_MMAP_THRESHOLD_"] = "65536"
    cmd = [sys.executable, "-m", "benchmarks._measure", library, case, mode, "--repeat", str(repeat)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[2:])} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _compare(ours: dict, theirs: dict) -> tuple[bool, float, list[str]]:
    """All columns' tests and verdicts equal, scores within TOLERANCE; the worst gap; the problems."""
    problems, worst = [], 0.0
    a, b = ours["per_column"], theirs["per_column"]
    if sorted(a) != sorted(b):
        problems.append(f"columns differ: driftscope {sorted(a)}, Evidently {sorted(b)}")
    for column in sorted(set(a) & set(b)):
        x, y = a[column], b[column]
        gap = abs(x["score"] - y["score"])
        worst = max(worst, gap)
        if x["test"] != y["test"]:
            problems.append(f"{column}: test {x['test']!r} vs {y['test']!r}")
        if x["drifted"] != y["drifted"]:
            problems.append(f"{column}: drifted {x['drifted']} vs {y['drifted']}")
        if not gap <= TOLERANCE:
            problems.append(f"{column}: score {x['score']!r} vs {y['score']!r}")
    if ours["dataset_drift"] != theirs["dataset_drift"]:
        problems.append(f"dataset drift {ours['dataset_drift']} vs {theirs['dataset_drift']}")
    if abs(ours["drifted_share"] - theirs["drifted_share"]) > 1e-12:
        problems.append(f"drifted share {ours['drifted_share']} vs {theirs['drifted_share']}")
    return not problems, worst, problems


def run_comparisons(cases) -> list[dict]:
    rows = []
    for case in cases:
        row = {"case": case}
        for library in ("driftscope", "evidently"):
            print(f"  {case.label}: {library} ...", end="", flush=True)
            t0 = time.perf_counter()
            timed = _child(library, case.key, "time")
            memory = _child(library, case.key, "memory")
            row[library] = {"time": timed, "memory": memory,
                            "wall": statistics.median(timed["wall_s"]),
                            "cpu": statistics.median(timed["cpu_s"]),
                            "runs": len(timed["wall_s"]),
                            "peak": memory["peak_bytes"][0]}
            print(f" {row[library]['wall']:.3f} s ({time.perf_counter() - t0:.0f} s with set-up)")
        ok, worst, problems = _compare(row["driftscope"]["time"], row["evidently"]["time"])
        row.update(ok=ok, worst=worst, problems=problems,
                   n_columns=len(row["evidently"]["time"]["per_column"]),
                   frames=row["driftscope"]["time"]["frames_bytes"],
                   ratio=row["evidently"]["wall"] / row["driftscope"]["wall"])
        rows.append(row)
    return rows


# --- scaling of driftscope alone -----------------------------------------------------------

SCALING_ROWS = (10_000, 30_000, 100_000, 300_000, 1_000_000)
SCALING_ROWS_COLUMNS = 10
SCALING_COLUMNS = (10, 20, 50, 100, 200)
SCALING_COLUMNS_ROWS = 100_000


def _best_of(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run_scaling() -> dict:
    import math

    from driftscope import drift_report

    from .frames import numeric_frames

    out = {"rows": [], "columns": []}
    warm = numeric_frames(1_000, 10)
    drift_report(*warm)
    for n in SCALING_ROWS:
        reference, current = numeric_frames(n, SCALING_ROWS_COLUMNS)
        t = _best_of(lambda: drift_report(reference, current))
        out["rows"].append({"rows": n, "seconds": t,
                            "ns_per_nlogn": t / (2 * n * SCALING_ROWS_COLUMNS * math.log2(n)) * 1e9})
        print(f"  {n:>9,} rows x {SCALING_ROWS_COLUMNS} columns: {t * 1000:8.1f} ms")
    for k in SCALING_COLUMNS:
        reference, current = numeric_frames(SCALING_COLUMNS_ROWS, k)
        t = _best_of(lambda: drift_report(reference, current))
        out["columns"].append({"columns": k, "seconds": t, "ms_per_column": t / k * 1000})
        print(f"  {SCALING_COLUMNS_ROWS:>9,} rows x {k:>3} columns: {t * 1000:8.1f} ms")
    return out


def plot_scaling(scaling: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    rows = np.array([r["rows"] for r in scaling["rows"]], dtype=float)
    t_rows = np.array([r["seconds"] for r in scaling["rows"]])
    cols = np.array([c["columns"] for c in scaling["columns"]], dtype=float)
    t_cols = np.array([c["seconds"] for c in scaling["columns"]])
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2), dpi=100)
    # n log n through the largest point
    ref = rows * np.log2(rows)
    left.loglog(rows, t_rows, "o-", label="driftscope")
    left.loglog(rows, ref / ref[-1] * t_rows[-1], "--", color="gray", label="n log n")
    left.set_xlabel(f"rows (x {SCALING_ROWS_COLUMNS} columns, each frame)")
    left.set_ylabel("seconds")
    left.set_title("rows")
    left.legend(frameon=False)
    slope = np.sum(cols * t_cols) / np.sum(cols * cols)
    right.plot(cols, t_cols, "o-", label="driftscope")
    right.plot(cols, slope * cols, "--", color="gray", label="linear")
    right.set_xlabel(f"columns ({SCALING_COLUMNS_ROWS:,} rows)")
    right.set_title("columns")
    right.legend(frameon=False)
    fig.suptitle('drift_report(policy="evidently"): time', fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# --- machine, versions and the report ------------------------------------------------------

def machine() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = None
    try:
        with open("/proc/meminfo") as f:
            ram = int(f.readline().split()[1]) / 1024 ** 2
    except (OSError, ValueError, IndexError):
        pass
    from importlib.metadata import version

    versions = {}
    for pkg in ("driftscope", "evidently", "numpy", "pandas", "scipy"):
        try:
            versions[pkg] = version(pkg)
        except Exception:  # noqa: BLE001 - not installed
            versions[pkg] = "not installed"
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": ram,
            "python": platform.python_version(), "os": f"{platform.system()} {platform.release()}",
            "versions": versions}


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f}" if n >= 1e5 else "< 0.1"


def comparison_table(rows: list[dict]) -> str:
    head = ("| case | frames (MB) | driftscope (s) | Evidently (s) | ratio | "
            "driftscope peak (MB) | Evidently peak (MB) | verdicts equal | max score gap |")
    lines = [head, "|" + "---|" * 9]
    for r in rows:
        d, e = r["driftscope"], r["evidently"]
        share = d["peak"] / r["frames"]
        lines.append(
            f"| {r['case'].label} | {r['frames'] / 1e6:,.1f} | {d['wall']:.3f} | {e['wall']:.2f} | "
            f"**{r['ratio']:.0f}x** | {_mb(d['peak'])} ({share:.2f}x frames) | {_mb(e['peak'])} | "
            f"{'yes' if r['ok'] else 'NO'} ({r['n_columns']} columns) | {r['worst']:.1e} |")
    return "\n".join(lines)


def scaling_tables(scaling: dict) -> str:
    a = ["| rows (x 10 columns) | seconds | ns per n log2 n |", "|---|---|---|"]
    for r in scaling["rows"]:
        a.append(f"| {r['rows']:,} | {r['seconds']:.4f} | {r['ns_per_nlogn']:.2f} |")
    b = ["| columns (x 100,000 rows) | seconds | ms per column |", "|---|---|---|"]
    for c in scaling["columns"]:
        b.append(f"| {c['columns']} | {c['seconds']:.4f} | {c['ms_per_column']:.2f} |")
    return "\n".join(a) + "\n\n" + "\n".join(b)


def write_results(rows, scaling, sketch_text, info, load, elapsed, detection_text="",
                  wide_text="") -> str:
    v = info["versions"]
    parts = [
        "# driftscope benchmarks",
        "",
        f"Generated by `make bench` (`python -m benchmarks`) on "
        f"{_dt.datetime.now().strftime('%Y-%m-%d %H:%M')}, {elapsed / 60:.1f} minutes.",
        "",
        f"**Machine:** {info['nproc']} cores ({info['cpu']}), "
        f"{info['ram_gib']:.0f} GiB RAM, {info['os']}; load average "
        f"{load[0]:.2f} at the start, {load[1]:.2f} at the end (other work on the machine "
        "slows both libraries alike).  ",
        f"**Versions:** Python {info['python']}, driftscope {v['driftscope']}, "
        f"Evidently {v['evidently']}, NumPy {v['numpy']}, pandas {v['pandas']}, SciPy {v['scipy']}.",
        "",
        "## driftscope against Evidently",
        "",
        '`drift_report(reference, current, policy="evidently")` against Evidently\'s '
        "`Report([DataDriftPreset()], include_tests=True).run(current, reference)` on the same "
        "frames (float columns of five shapes, a third of them shifted; the wide case adds "
        "string, small-integer, boolean and pandas categorical columns).",
        "",
        comparison_table(rows) if rows else "(not run)",
        "",
        "*Method.* Each library runs in fresh processes, after a warm-up on the first 1,000 "
        "rows. Time: the median wall time of up to 3 runs (one run when it takes over 20 s). "
        "Peak memory: in a separate process, the resident-set high-water mark (`VmHWM`, reset "
        "through `/proc/self/clear_refs` just before the call) minus the resident set before "
        "it, with glibc's mmap threshold fixed at 64 KiB so that freed memory cannot hide a "
        "peak: what the call needs beyond the two input frames. Ratio: Evidently's time over "
        "driftscope's. Verdicts equal: every column's test and drift verdict, the drifted "
        "share and the dataset verdict are Evidently's; the score gap is the largest absolute "
        "difference between the two libraries' column scores (p-values or normed distances).",
    ]
    if rows:
        parts += ["", "| case | driftscope CPU (s) | Evidently CPU (s) | runs (d / E) |",
                  "|---|---|---|---|"]
        for r in rows:
            parts.append(f"| {r['case'].label} | {r['driftscope']['cpu']:.3f} | "
                         f"{r['evidently']['cpu']:.2f} | {r['driftscope']['runs']} / "
                         f"{r['evidently']['runs']} |")
        bad = [p for r in rows for p in r["problems"]]
        if bad:
            parts += ["", "**Disagreements:**", ""] + [f"- {p}" for p in bad]
    if scaling:
        parts += ["", "## How the cost grows", "",
                  "driftscope alone, best of 5 runs. Rows: each numeric column is sorted once "
                  "(O(n log n)) and every statistic is then read in O(n) or less, so the time per "
                  "n log2 n stays flat. Columns: independent, so the time per column stays flat.",
                  "", scaling_tables(scaling), "", "![scaling](scaling.png)"]
    if sketch_text:
        parts += ["", "## Streaming sketch throughput", "",
                  "`benchmarks/sketch_throughput.py`:", "", "```", sketch_text.rstrip(), "```"]
    if detection_text:
        parts += ["", "## Stream detectors: detection delay and false alarms, against River", "",
                  "`benchmarks/detection.py` (one fresh detector per stream; cost is CPU time per "
                  "`update`):", "", "```", detection_text.rstrip(), "```"]
    if wide_text:
        parts += ["", "## Wide tables: the HTML report", "",
                  "`benchmarks/wide_report.py`: `driftscope report` (the CLI, a fresh process) on "
                  "2,000 columns x 200 rows of Parquet (3/4 numeric, 1/4 categories named like "
                  "price tiers and TeX, a third drifting), with and without `--html`. The page "
                  "draws at most 24 figures, the most drifted columns first; the table lists every "
                  "column. Before the bound (issue 14) the same run took 89 to 220 s and wrote 11 "
                  "to 37 MB with 683 figures.", "", "```", wide_text.rstrip(), "```"]
    text = "\n".join(parts) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="leave out the 1,000,000-row and the wide case")
    parser.add_argument("--skip-comparison", action="store_true")
    parser.add_argument("--skip-scaling", action="store_true")
    parser.add_argument("--skip-sketch", action="store_true")
    parser.add_argument("--skip-text", action="store_true", help="leave out text columns")
    parser.add_argument("--skip-detection", action="store_true")
    parser.add_argument("--skip-wide", action="store_true", help="leave out the wide HTML report")
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args(argv)

    from .frames import CASES

    started = time.perf_counter()
    load_start = os.getloadavg()[0]
    info = machine()
    print(f"Machine: {info['nproc']} cores, {info['cpu']}, {info['ram_gib']:.0f} GiB; "
          f"driftscope {info['versions']['driftscope']}, Evidently {info['versions']['evidently']}")
    rows = []
    if not args.skip_comparison:
        cases = [c for c in CASES if not (args.quick and c.rows * c.columns > 5_000_000)]
        print("driftscope against Evidently (fresh processes per measurement):")
        rows = run_comparisons(cases)
    scaling = None
    if not args.skip_scaling:
        print("Scaling of driftscope:")
        scaling = run_scaling()
        plot_scaling(scaling, PLOT)
    sketch_text = ""
    if not args.skip_sketch:
        print("Streaming sketch throughput:")
        proc = subprocess.run([sys.executable, str(HERE / "sketch_throughput.py")], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        sketch_text = proc.stdout
    detection_text = ""
    if not args.skip_detection:
        print("Stream detectors against River (delay, false alarms, cost):")
        proc = subprocess.run([sys.executable, str(HERE / "detection.py")], cwd=ROOT,
                              capture_output=True, text=True)
        detection_text = proc.stdout
        if proc.returncode != 0:
            print(proc.stdout + proc.stderr[-2000:])
            raise SystemExit("driftscope's detectors and River's flagged different steps")
    wide_text = ""
    if not args.skip_wide and not args.quick:
        print("Wide tables, driftscope report --html (2,000 columns x 200 rows):")
        for policy in ("evidently", "watchtower", "sketch"):
            proc = subprocess.run([sys.executable, "-m", "benchmarks.wide_report", "--policy", policy],
                                  cwd=ROOT, capture_output=True, text=True)
            if proc.returncode != 0:
                raise SystemExit(f"wide report, policy {policy}, failed:\n{proc.stderr[-2000:]}")
            wide_text += proc.stdout
    elapsed = time.perf_counter() - started
    load = (load_start, os.getloadavg()[0])

    print()
    if rows:
        print(comparison_table(rows))
    if scaling:
        print()
        print(scaling_tables(scaling))
    if sketch_text:
        print()
        print(sketch_text.rstrip())
    if detection_text:
        print()
        print(detection_text.rstrip())
    if wide_text:
        print()
        print(wide_text.rstrip())
    if not args.no_write:
        write_results(rows, scaling, sketch_text, info, load, elapsed, detection_text, wide_text)
        print(f"\nWrote {RESULTS.relative_to(ROOT)}" + (f" and {PLOT.relative_to(ROOT)}" if scaling else ""))
    status = 0
    if not args.skip_text:
        # Text columns: their own cases and section of RESULTS.md (benchmarks/text.py).
        from . import text as text_bench

        print()
        status |= text_bench.main((["--quick"] if args.quick else [])
                                  + (["--no-write"] if args.no_write else []))
    for r in rows:
        if not r["ok"]:
            status = 1
            print(f"DISAGREEMENT in {r['case'].label}: " + "; ".join(r["problems"][:10]))
        if r["case"].key == HEADLINE:
            verdict = "PASS" if r["ok"] and r["ratio"] >= TARGET_RATIO else "FAIL"
            print(f"{r['case'].label}: {r['ratio']:.0f}x faster than Evidently (target "
                  f"{TARGET_RATIO:.0f}x), all verdicts equal: {'yes' if r['ok'] else 'no'} -> {verdict}")
    return status


if __name__ == "__main__":
    sys.exit(main())
