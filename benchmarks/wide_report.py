"""``driftscope report --html`` on a wide table: 2,000 columns x 200 rows (issue 14).

    .venv/bin/python -m benchmarks.wide_report [--columns 2000] [--rows 200] [--policy evidently]

Writes two Parquet files (3/4 numeric, 1/4 categorical with price-tier labels
such as "$" and "$$", about a third of the columns drifting), runs the CLI
with ``--html`` and without, and prints the wall times, the page size and the
number of figures. The page holds a bounded number of figures (the most
drifted columns); the table lists every column.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def frames(columns: int, rows: int, seed: int = 14) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    tiers = np.array(["$", "$$", "$$$", "a_b", "x^2", "<b>"])
    ref, cur = {}, {}
    for i in range(columns):
        drift = i % 3 == 0
        if i % 4 == 3:
            ref[f"cat_{i}"] = rng.choice(tiers, rows)
            cur[f"cat_{i}"] = rng.choice(tiers, rows, p=[.5, .3, .1, .05, .03, .02] if drift else None)
        else:
            ref[f"num_{i}"] = rng.normal(0, 1, rows)
            cur[f"num_{i}"] = rng.normal(1.0 if drift else 0, 1, rows)
    return pd.DataFrame(ref), pd.DataFrame(cur)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--columns", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--policy", default="evidently")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        ref, cur = frames(args.columns, args.rows)
        ref.to_parquet(d / "ref.parquet")
        cur.to_parquet(d / "cur.parquet")
        base = [sys.executable, "-m", "driftscope", "report", str(d / "ref.parquet"),
                str(d / "cur.parquet"), "--policy", args.policy, "--no-progress", "-q"]
        for extra in ([], ["--html", str(d / "r.html")]):
            start = time.perf_counter()
            run = subprocess.run(base + extra, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            if run.returncode not in (0, 1):
                print(run.stderr, file=sys.stderr)
                return 1
            what = "--html" if extra else "no html"
            line = f"{args.columns} x {args.rows}, {args.policy}, {what}: {seconds:.1f} s"
            if extra:
                page = (d / "r.html").read_text(encoding="utf-8")
                line += (f", page {len(page.encode()) / 1e6:.2f} MB, "
                         f"{page.count('<svg')} figures")
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
