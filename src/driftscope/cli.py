"""Command line: ``driftscope report REFERENCE CURRENT`` gates a pipeline on data drift.

Exit codes: 0 no dataset drift, 1 dataset drift, 2 any failure (usage
error, missing file, unreadable data, mismatched columns, an output that
cannot be written, even a bug), with one line on standard error that names
the input and the problem. A pipeline can therefore read 1 as drift and
nothing else. The verdict table goes to standard output.

Examples
--------
.. code-block:: console

    $ driftscope report july.parquet today.csv --policy watchtower --html drift.html
    $ echo $?        # 1 when the data set drifted
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

import pandas as pd

from .errors import DriftscopeError
from .policies import POLICIES, describe_policies

__all__ = ["main", "build_parser", "read_table"]

EXIT_OK, EXIT_DRIFT, EXIT_ERROR = 0, 1, 2
#: Show a progress bar from this many columns on (unless --progress/--no-progress).
WIDE = 20
_READERS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


class InputError(Exception):
    """A problem with the command's input; the message is shown to the user."""


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors on one line (and exit code 2, as argparse's)."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(EXIT_ERROR, f"driftscope: error: {_one_line(message)} "
                              f"(see {self.prog} --help)\n")


def _one_line(text: str) -> str:
    return " ".join(str(text).split()) or "(no message)"


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV or Parquet file (by extension) into a data frame.

    Raises `InputError` with a one-line reason when the file is missing,
    has an unknown extension, or cannot be parsed.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    fmt = _READERS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown file type {path.suffix or '(none)'!r}; "
                         "use .csv or .parquet")
    try:
        if fmt == "csv":
            # One pass over the whole file: chunked type inference gives a column of
            # numbers then texts mixed types and a DtypeWarning on standard error.
            return pd.read_csv(path, low_memory=False)
        return pd.read_parquet(path)
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: the file is empty") from None
    except Exception as exc:  # parser errors of pandas and pyarrow, permissions, ...
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: cannot read it as {fmt.upper()} ({reason})") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``driftscope`` command."""
    parser = _Parser(
        prog="driftscope",
        description="Drift statistics and drift reports (The Watchtower's reference package).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    rep = sub.add_parser(
        "report", help="compare two tables and report drift per column",
        description="Compare CURRENT against REFERENCE column by column. Exit code 0: no "
                    "dataset drift; 1: dataset drift; 2: any failure, explained in one line "
                    "on standard error.")
    rep.add_argument("reference", metavar="REFERENCE", help="reference table (.csv or .parquet)")
    rep.add_argument("current", metavar="CURRENT", help="current table (.csv or .parquet)")
    rep.add_argument("--policy", choices=list(POLICIES), default="evidently",
                     help="drift policy (default: evidently); "
                          + "; ".join(describe_policies()).replace("%", "%%"))
    rep.add_argument("--columns", metavar="NAMES",
                     help="comma-separated columns to compare (default: all)")
    rep.add_argument("--drift-share", type=float, metavar="SHARE",
                     help="share of drifted columns at which the data set drifts "
                          "(default: the policy's: "
                          + ", ".join(f"{c.default_drift_share:g} {n}" for n, c in POLICIES.items())
                          + "; 0 means any drifted column)")
    rep.add_argument("--html", metavar="PATH", help="write a self-contained HTML report")
    rep.add_argument("--json", metavar="PATH", help="write the report as JSON")
    rep.add_argument("--prometheus", metavar="PATH",
                     help="write Prometheus text-format metrics")
    bar = rep.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help=f"always show a progress bar (default: from {WIDE} columns on)")
    bar.add_argument("--no-progress", dest="progress", action="store_false",
                     help="never show a progress bar")
    rep.add_argument("-q", "--quiet", action="store_true", help="print only the verdict line")
    return parser


def _summary(report) -> str:
    frame = report.to_frame()[["column", "kind", "test", "statistic", "threshold",
                               "pvalue", "drifted"]]
    verdict = "DATASET DRIFT" if report.dataset_drift else "no dataset drift"
    table = frame.to_string(index=False, float_format=lambda v: f"{v:.4g}")
    return (f"{table}\n\n{verdict}: {report.n_drifted} of "
            f"{len(report)} columns drifted ({report.drifted_share:.0%}), policy "
            f"{report.policy}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``driftscope`` command; returns the exit code (0, 1 or 2).

    Exit code 1 means dataset drift and only that: every failure, expected
    or not, returns 2 after one line on standard error naming the input (a
    file, a column, an option) and the problem.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error (or --help)
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    stage = "starting"
    try:
        from .report import drift_report

        for option, path in (("--html", args.html), ("--json", args.json),
                             ("--prometheus", args.prometheus)):
            if path is not None and not path.strip():  # not silently skipped
                raise InputError(f"{option}: the output path is empty")
        stage = f"reading {args.reference}"
        reference = read_table(args.reference)
        stage = f"reading {args.current}"
        current = read_table(args.current)
        columns = None
        if args.columns is not None:
            columns = [c.strip() for c in args.columns.split(",") if c.strip()]
        n_columns = len(columns) if columns is not None else reference.shape[1]
        progress = args.progress if args.progress is not None else n_columns >= WIDE
        stage = f"comparing {args.current} with {args.reference}"
        report = drift_report(reference, current, policy=args.policy, columns=columns,
                              drift_share=args.drift_share, progress=progress)
        for option, path, write in (
                ("--html", args.html, lambda p: report.to_html(p)),
                ("--json", args.json, lambda p: report.to_json(p)),
                ("--prometheus", args.prometheus,
                 lambda p: Path(p).write_text(report.to_prometheus(), encoding="utf-8"))):
            if path is not None:
                stage = f"writing {option} {path}"
                write(path)
        stage = "printing the verdict"
        if args.quiet:
            print("DATASET DRIFT" if report.dataset_drift else "no dataset drift")
        else:
            print(_summary(report))
        sys.stdout.flush()
    except (InputError, DriftscopeError) as exc:
        _fail(_input_message(exc, args))
        return EXIT_ERROR
    except OSError as exc:  # writing the outputs, a closed pipe, ...
        target = exc.filename if exc.filename is not None else stage
        _fail(f"{target}: {exc.strerror or exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _fail(f"{stage}: interrupted")
        return EXIT_ERROR
    except Exception as exc:  # a bug: still one line, and never the drift code
        _fail(f"{stage}: unexpected {type(exc).__name__}: {exc} (a driftscope bug; please "
              "report it)")
        return EXIT_ERROR
    return EXIT_DRIFT if report.dataset_drift else EXIT_OK


def _input_message(exc: Exception, args: argparse.Namespace) -> str:
    """The error's message, led by the file it is about when the error names one side."""
    message = str(exc)
    path = {"reference": args.reference, "current": args.current}.get(
        getattr(exc, "name", None))
    if path is not None and not message.startswith(str(path)):
        message = f"{path}: {message}"
    return message


def _fail(message: str) -> None:
    try:
        print(f"driftscope: error: {_one_line(message)}", file=sys.stderr)
        sys.stderr.flush()
    except OSError:  # standard error closed too: the exit code still says it
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
