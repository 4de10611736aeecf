"""Text columns: driftscope against Evidently 0.7.23 on the same messages, in the same run.

    .venv/bin/python -m benchmarks.text [--quick] [--no-write]

Evidently's `DataDriftPreset` tests a text column with a domain classifier
(TF-IDF + SGD, see `driftscope.text`). driftscope fits the same classifier
on the same split, so the fit costs the same; the difference is what is
around it: Evidently scores 1,000 random classifiers with ``roc_auc_score``
up to 1,000 reference rows (driftscope: ranks, vectorised) and fits the
classifier a second time for the typical words of a drifted column
(driftscope: once). Each case is a one-column frame of alien messages,
drifted (a share of slang words) or not, on both sides of the 1,000-row
switch; each library runs in fresh processes (``benchmarks/_measure.py``
describes the method: warm-up, median wall time of up to 3 runs, peak
memory beyond the frames in a separate process).

The results go to a section of ``benchmarks/RESULTS.md`` (replaced on each
run). Exit status 1 if a score or verdict differs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("EVIDENTLY_DISABLE_TELEMETRY", "1")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
SECTION = "## Text columns"
SEED = 2043
LONG_RUN_S = 20.0


@dataclass(frozen=True)
class TextCase:
    key: str
    rows: int
    drifted: bool

    @property
    def label(self) -> str:
        return f"{self.rows:,} + {self.rows:,} messages, {'drifted' if self.drifted else 'same'}"


CASES = (
    TextCase("1k_same", 1_000, False),
    TextCase("1k_drifted", 1_000, True),
    TextCase("20k_same", 20_000, False),
    TextCase("20k_drifted", 20_000, True),
)
QUICK = ("1k_same", "1k_drifted")


def text_frames(case: TextCase, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Alien messages of 3 to 14 words from 400 formal words; drifted: 15% of words slang."""
    rng = np.random.default_rng([seed, case.rows, int(case.drifted)])
    formal = np.array([f"{a}{b}{c}" for a in ("zo", "ka", "ve", "th", "mi")
                       for b in ("ran", "lek", "vil", "tox", "mur", "qua", "dri", "sen")
                       for c in ("a", "e", "i", "o", "u", "an", "el", "is", "or", "um")])
    slang = np.array([f"yo{w[:3]}" for w in formal[:60]])
    weights = 1.0 / np.arange(1, formal.size + 1)
    weights /= weights.sum()

    def messages(share_slang: float) -> pd.Series:
        out = []
        for n in rng.integers(3, 15, case.rows):
            words = rng.choice(formal, n, p=weights)
            swap = rng.random(n) < share_slang
            words[swap] = rng.choice(slang, int(swap.sum()))
            out.append(" ".join(words))
        return pd.Series(out, dtype=object)

    reference = pd.DataFrame({"text": messages(0.0)})
    current = pd.DataFrame({"text": messages(0.15 if case.drifted else 0.0)})
    return reference, current


def _runner(library: str):
    if library == "driftscope":
        from driftscope.text import text_drift

        def run(reference, current):
            return text_drift(reference["text"], current["text"])

        def verdict(result):
            return {"score": result.roc_auc, "drifted": result.drifted, "method": result.method}
    else:
        from evidently import Report
        from evidently.presets import DataDriftPreset

        def run(reference, current):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return Report([DataDriftPreset()], include_tests=True).run(current, reference)

        def verdict(snapshot):
            d = snapshot.dict()
            metric = next(m for m in d["metrics"] if m["config"]["type"].endswith("ValueDrift"))
            test = next(t for t in d["tests"] if t["name"] == "Value Drift for column text")
            return {"score": float(metric["value"]), "method": metric["config"]["method"],
                    "drifted": str(test["status"]).endswith("FAIL")}
    return run, verdict


def measure(library: str, key: str, mode: str, repeat: int) -> dict:
    from ._measure import _reset_peak, _status_kib

    case = next(c for c in CASES if c.key == key)
    run, verdict = _runner(library)
    reference, current = text_frames(case)
    run(reference.iloc[:200].copy(), current.iloc[:200].copy())  # warm-up
    walls, peak, result = [], None, None
    if mode == "memory":
        gc.collect()
        if not _reset_peak():
            raise RuntimeError("needs /proc/self/clear_refs (Linux)")
        before = _status_kib("VmRSS")
        result = run(reference, current)
        peak = (_status_kib("VmHWM") - before) * 1024
    for _ in range(repeat if mode == "time" else 0):
        result = None
        gc.collect()
        t0 = time.perf_counter()
        result = run(reference, current)
        walls.append(time.perf_counter() - t0)
        if walls[-1] > LONG_RUN_S:
            break
    return {"library": library, "case": key, "wall_s": walls, "peak_bytes": peak,
            **verdict(result)}


def _child(library: str, key: str, mode: str) -> dict:
    env = dict(os.environ)
    if mode == "memory":
        env["MALLOC_MMAP_THRESHOLD_"] = "65536"
    cmd = [sys.executable, "-m", "benchmarks.text", "--child", library, key, mode]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[2:])} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_cases(keys) -> list[dict]:
    rows = []
    for case in CASES:
        if case.key not in keys:
            continue
        row = {"case": case}
        for library in ("driftscope", "evidently"):
            print(f"  {case.label}: {library} ...", end="", flush=True)
            timed, memory = _child(library, case.key, "time"), _child(library, case.key, "memory")
            row[library] = {**timed, "wall": statistics.median(timed["wall_s"]),
                            "peak": memory["peak_bytes"]}
            print(f" {row[library]['wall']:.2f} s")
        d, e = row["driftscope"], row["evidently"]
        row["gap"] = abs(d["score"] - e["score"])
        row["ok"] = d["score"] == e["score"] and d["drifted"] == e["drifted"]
        row["ratio"] = e["wall"] / d["wall"]
        rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| case | test | driftscope (s) | Evidently (s) | ratio | driftscope peak (MB) | "
             "Evidently peak (MB) | ROC AUC | drifted | equal |", "|" + "---|" * 10]
    for r in rows:
        d, e = r["driftscope"], r["evidently"]
        lines.append(
            f"| {r['case'].label} | {e['method']} | {d['wall']:.2f} | {e['wall']:.2f} | "
            f"**{r['ratio']:.1f}x** | {d['peak'] / 1e6:.1f} | {e['peak'] / 1e6:.1f} | "
            f"{d['score']:.4f} | {d['drifted']} | {'yes' if r['ok'] else 'NO'} |")
    return "\n".join(lines)


def write_section(rows: list[dict], load: tuple[float, float]) -> None:
    body = "\n".join([
        SECTION, "",
        "`driftscope.text.text_drift` against Evidently's `Report([DataDriftPreset()], "
        "include_tests=True).run` on a one-column frame of alien messages "
        "(`python -m benchmarks.text`). Same classifier, same split: the ROC AUC must be "
        "Evidently's bit for bit (\"equal\": score and verdict). The gain is around the fit: "
        "up to 1,000 reference rows Evidently scores 1,000 random classifiers with "
        "`roc_auc_score` (driftscope: one vectorised rank computation), and on a drifted "
        "column it fits the classifier again for the typical words (driftscope: once). "
        f"Load average {load[0]:.2f} at the start, {load[1]:.2f} at the end.", "",
        table(rows), ""])
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# driftscope benchmarks\n"
    start = text.find(SECTION)
    if start >= 0:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + body + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + body
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.text",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the 1,000-row cases only")
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS.md")
    parser.add_argument("--child", nargs=3, metavar=("LIBRARY", "CASE", "MODE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        library, key, mode = args.child
        print(json.dumps(measure(library, key, mode, repeat=3)))
        return 0
    load0 = os.getloadavg()[0]
    print("Text columns, driftscope against Evidently (fresh processes per measurement):")
    rows = run_cases(QUICK if args.quick else [c.key for c in CASES])
    print()
    print(table(rows))
    if not args.no_write:
        write_section(rows, (load0, os.getloadavg()[0]))
        print(f"\nWrote the text section of {RESULTS.relative_to(ROOT)}")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
