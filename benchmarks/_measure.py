"""One measurement, in a fresh process: a library's drift report on one case.

    python -m benchmarks._measure LIBRARY CASE_KEY {time,memory} [--repeat N] [--seed S]

LIBRARY is ``driftscope`` (``drift_report(policy="evidently")``) or
``evidently`` (``Report([DataDriftPreset()], include_tests=True).run``).
Prints one JSON object: the wall and CPU time of each run (``time``) or the
peak memory of one run (``memory``), the input size, and the per-column
verdicts.

Method, the same for both libraries:

* the library is imported and warmed up on the first 1,000 rows of the same
  frames (imports and lazy initialisation are not what is measured);
* each run starts after a garbage collection; its wall time is
  ``time.perf_counter`` around the one call (``time.process_time`` for the
  CPU time); runs stop early after one run longer than 20 s;
* memory is measured in a separate process (so that nothing it does can
  slow the timed runs): the resident set high-water mark (``VmHWM``) is
  reset to the current RSS just before the call (``/proc/self/clear_refs``
  with ``5``), and the peak is ``VmHWM`` after the call minus the RSS
  before it: the memory the call needed beyond the two frames and the
  imported libraries, counting everything (NumPy, pandas, Python objects),
  untraced. The parent starts that process with glibc's mmap threshold
  fixed at 64 KiB (``MALLOC_MMAP_THRESHOLD_``), so every large array is
  fresh memory and memory freed earlier cannot hide a peak. Where
  ``clear_refs`` is unavailable, ``tracemalloc``'s peak is reported
  instead (``memory_method`` says which).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
import time
import warnings

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("EVIDENTLY_DISABLE_TELEMETRY", "1")


from .frames import CASES, SEED, make_frames  # noqa: E402

LONG_RUN_S = 20.0


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        return int(re.search(rf"^{field}:\s+(\d+) kB", f.read(), re.M).group(1))


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _driftscope_runner():
    from driftscope import drift_report

    def run(reference, current):
        return drift_report(reference, current, policy="evidently")

    def verdicts(report):
        columns = {str(r.column): {"test": r.test, "score": r.statistic, "drifted": r.drifted}
                   for r in report}
        return columns, report.drifted_share, report.dataset_drift

    return run, verdicts


def _evidently_runner():
    from evidently import Report
    from evidently.presets import DataDriftPreset

    def run(reference, current):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Evidently's run() takes the *current* data first.
            return Report([DataDriftPreset()], include_tests=True).run(current, reference)

    def verdicts(snapshot):
        d = snapshot.dict()
        columns, share, dataset_drift = {}, None, None
        for metric in d["metrics"]:
            config = metric["config"]
            if config["type"].endswith("DriftedColumnsCount"):
                share = metric["value"]["share"]
            elif config["type"].endswith("ValueDrift"):
                columns[str(config["column"])] = {"test": config["method"],
                                                  "score": float(metric["value"])}
        for test in d["tests"]:
            failed = str(test["status"]).endswith("FAIL")
            if test["name"].startswith("Value Drift for column "):
                columns[test["name"][len("Value Drift for column "):]]["drifted"] = failed
            elif test["name"].startswith("Share of Drifted Columns"):
                dataset_drift = failed
        return columns, share, dataset_drift

    return run, verdicts


def measure(library: str, case_key: str, mode: str, repeat: int, seed: int) -> dict:
    case = next(c for c in CASES if c.key == case_key)
    run, verdicts = {"driftscope": _driftscope_runner, "evidently": _evidently_runner}[library]()
    reference, current = make_frames(case, seed)
    frames_bytes = int(reference.memory_usage(deep=True).sum() + current.memory_usage(deep=True).sum())
    run(reference.iloc[:1000].copy(), current.iloc[:1000].copy())  # warm-up
    walls, cpus, peaks = [], [], []
    method = None
    result = None
    if mode == "memory":
        result = None
        gc.collect()
        method = "VmHWM" if _reset_peak() else "tracemalloc"
        if method == "tracemalloc":
            import tracemalloc

            tracemalloc.start()
        rss_before = _status_kib("VmRSS")
        result = run(reference, current)
        if method == "VmHWM":
            peak = (_status_kib("VmHWM") - rss_before) * 1024
        else:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        peaks.append(max(int(peak), 0))
    for _ in range(repeat if mode == "time" else 0):
        result = None
        gc.collect()
        cpu0, t0 = time.process_time(), time.perf_counter()
        result = run(reference, current)
        wall = time.perf_counter() - t0
        walls.append(wall)
        cpus.append(time.process_time() - cpu0)
        if wall > LONG_RUN_S:
            break
    columns, share, dataset_drift = verdicts(result)
    return {
        "library": library, "case": case.key, "rows": case.rows, "columns": case.columns,
        "frames_bytes": frames_bytes, "wall_s": walls, "cpu_s": cpus, "peak_bytes": peaks,
        "memory_method": method, "per_column": columns, "drifted_share": share,
        "dataset_drift": dataset_drift, "seed": seed,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks._measure")
    parser.add_argument("library", choices=["driftscope", "evidently"])
    parser.add_argument("case", choices=[c.key for c in CASES])
    parser.add_argument("mode", choices=["time", "memory"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    out = measure(args.library, args.case, args.mode, args.repeat, args.seed)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
