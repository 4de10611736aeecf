"""Update throughput of driftscope's streaming sketch, in values per second.

    .venv/bin/python benchmarks/sketch_throughput.py

A reference sketch with 100 fine quantile bins (normal reference) absorbs a
stream of fresh normal values in batches of 1,000 / 100,000 / 1,000,000; each
batch is new data (replaying one small batch would let the CPU's branch
predictor learn it and flatter the numbers). Reported: the best of 3 runs of
about 4 million values each, for `HistogramSketch.update` and, for scale,
`driftscope.bin_counts` (validation plus a binary search per value) on the
same batches. Takes well under 20 s.
"""

from __future__ import annotations

import time

import numpy as np

import driftscope as ds

FINE_BINS = 100
BATCH_SIZES = (1_000, 100_000, 1_000_000)
VALUES_PER_RUN = 4_000_000
REPEATS = 3


def _rate(step, batches) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        for batch in batches:
            step(batch)
        best = min(best, time.perf_counter() - start)
    return sum(b.size for b in batches) / best


def main() -> None:
    rng = np.random.default_rng(2043)
    reference = ds.HistogramSketch.from_reference(rng.normal(size=100_000), bins=FINE_BINS)
    stream = rng.normal(0.1, 1.1, VALUES_PER_RUN)
    print(f"HistogramSketch.update, {reference.n_bins} fine bins, "
          f"best of {REPEATS} x {VALUES_PER_RUN:,} fresh values")
    print(f"{'batch size':>12} {'update values/s':>17} {'bin_counts values/s':>21} {'sketch bytes':>13}")
    for size in BATCH_SIZES:
        batches = [stream[i:i + size] for i in range(0, VALUES_PER_RUN, size)]
        live = reference.empty_like()
        update_rate = _rate(live.update, batches)
        counts_rate = _rate(lambda b: ds.bin_counts(b, reference.edges), batches)
        print(f"{size:>12,} {update_rate:>17,.0f} {counts_rate:>21,.0f} {live.nbytes:>13,}")


if __name__ == "__main__":
    main()
