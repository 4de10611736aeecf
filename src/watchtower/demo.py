"""``make demo``: a drift report on the station's data, produced by the real command line.

Generates the Translator's July traffic (the reference) and its traffic of 25-30
August (when the Slang Alien has spread), writes both as CSV files, runs
``python -m driftscope report`` on them exactly as a CI pipeline would, and says
where the HTML and JSON reports are. Late August has drifted, so the command
exits with 1 ("dataset drift"): that is the expected outcome, not a failure.

Usage::

    python -m watchtower.demo                 # writes into ./reports/
    python -m watchtower.demo --out /tmp/demo --policy watchtower
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Sequence

__all__ = ["main", "write_data", "run_report"]

REFERENCE_CSV = "reference_july.csv"
CURRENT_CSV = "current_2043-08-25_to_30.csv"
HTML = "drift_report.html"
JSON = "drift_report.json"

EXIT_OK, EXIT_DRIFT = 0, 1


def write_data(out: Path, *, seed: int = 2043, requests_per_day: float = 1500) -> tuple[Path, Path]:
    """Write the July and 25-30 August feature tables of the station as CSV; return their paths."""
    from watchtower import world

    logs = world.translator_logs("2043-07-01", "2043-08-30", seed=seed,
                                    requests_per_day=requests_per_day)
    features = list(world.FEATURES)
    reference = world.reference_window(logs)[features]
    current = world.window(logs, "2043-08-25", "2043-08-30")[features]
    out.mkdir(parents=True, exist_ok=True)
    reference_path, current_path = out / REFERENCE_CSV, out / CURRENT_CSV
    reference.to_csv(reference_path, index=False)
    current.to_csv(current_path, index=False)
    return reference_path, current_path


def run_report(reference: Path, current: Path, out: Path, *, policy: str = "evidently"
               ) -> subprocess.CompletedProcess:
    """Run ``python -m driftscope report`` on two files; its output is captured."""
    command = [sys.executable, "-m", "driftscope", "report", str(reference), str(current),
               "--policy", policy, "--html", str(out / HTML), "--json", str(out / JSON)]
    env = dict(os.environ, PYTHONHASHSEED=os.environ.get("PYTHONHASHSEED", "0"))
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m watchtower.demo",
        description="Write the station's July and late-August data and a drift report on them.")
    parser.add_argument("--out", type=Path, default=Path("reports"),
                        help="folder for the data and the reports (default: ./reports)")
    parser.add_argument("--policy", choices=["evidently", "watchtower"], default="evidently",
                        help="drift policy of the report (default: evidently)")
    parser.add_argument("--seed", type=int, default=2043, help="the world's seed (default: 2043)")
    parser.add_argument("--requests-per-day", type=float, default=1500,
                        help="mean Translator requests per day (default: 1500)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo; 0 when the report was written (drift or not), else the command's exit code."""
    args = build_parser().parse_args(argv)
    out: Path = args.out
    print(f"Generating the station's traffic (seed {args.seed}) ...", flush=True)
    reference, current = write_data(out, seed=args.seed, requests_per_day=args.requests_per_day)
    print(f"  reference: {reference}  (July 2043)")
    print(f"  current:   {current}  (25-30 Aug 2043, after the Slang Alien arrived)")
    shown = ["driftscope", "report", str(reference), str(current), "--policy", args.policy,
             "--html", str(out / HTML), "--json", str(out / JSON)]
    print(f"\n$ {' '.join(shown)}", flush=True)
    done = run_report(reference, current, out, policy=args.policy)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    if done.returncode not in (EXIT_OK, EXIT_DRIFT):
        print(f"\ndriftscope failed (exit code {done.returncode}); see the message above.",
              file=sys.stderr)
        return done.returncode
    verdict = ("DATASET DRIFT (exit code 1): expected here, the slang moved the inputs"
               if done.returncode == EXIT_DRIFT else "no dataset drift (exit code 0)")
    print(f"\nverdict: {verdict}")
    print(f"HTML report: {(out / HTML).resolve()}  (open it in a browser)")
    print(f"JSON report: {(out / JSON).resolve()}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
