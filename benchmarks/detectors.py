"""Update throughput of driftscope's stream detectors against River 0.26's, in updates/second.

    .venv/bin/python benchmarks/detectors.py [--n 200000]

Each detector (default parameters; DDM on a 0/1 error stream, the others on
a normal stream with a mean shift halfway) absorbs the same stream of Python
floats/ints one ``update`` at a time, as a monitoring loop would; reported is
the best of 3 runs, and whether both flagged the same steps. Not part of the
test suite; takes about 10 s.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import driftscope as ds

REPEATS = 3


def _best_rate(make, stream) -> tuple[float, list[int]]:
    best, flagged = float("inf"), []
    for _ in range(REPEATS):
        det = make()
        update, out = det.update, []
        t0 = time.perf_counter()
        for i, x in enumerate(stream):
            update(x)
            if det.drift_detected:
                out.append(i)
        best = min(best, time.perf_counter() - t0)
        flagged = out
    return len(stream) / best, flagged


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="values per stream")
    n = parser.parse_args(argv).n
    from river import drift

    rng = np.random.default_rng(2043)
    values = (rng.normal(0.0, 1.0, n) + (np.arange(n) >= n // 2)).tolist()
    errors = (rng.random(n) < np.where(np.arange(n) >= n // 2, 0.3, 0.1)).astype(int).tolist()
    cases = [("PageHinkley", lambda: ds.PageHinkley(mode="both"), drift.PageHinkley, values),
             ("DDM", ds.DDM, drift.binary.DDM, errors),
             ("ADWIN", ds.ADWIN, drift.ADWIN, values)]
    print(f"{n:,} updates per run, best of {REPEATS}")
    print(f"{'detector':<12} {'driftscope /s':>14} {'River /s':>14} {'ratio':>7}  same steps")
    ok = True
    for name, ours, theirs, stream in cases:
        r_ours, f_ours = _best_rate(ours, stream)
        r_theirs, f_theirs = _best_rate(theirs, stream)
        same = f_ours == f_theirs
        ok &= same
        print(f"{name:<12} {r_ours:>14,.0f} {r_theirs:>14,.0f} {r_ours / r_theirs:>6.2f}x  "
              f"{'yes' if same else 'NO'} ({len(f_ours)} detections)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
