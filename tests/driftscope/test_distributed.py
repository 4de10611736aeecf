"""driftscope.distributed on a real multi-process Dask cluster (local, loopback only).

The claim under test: profiling a Dask DataFrame partition by partition gives
the very profile `Profile.from_frame` builds in memory (same edges, reference
quantiles, counts and missing counts), and so `drift_report_dask` gives the
very report ``drift_report(..., policy="sketch")`` gives on the same data.
"""

from __future__ import annotations

import logging
import os

import numpy as np
import pandas as pd
import pytest
from needs import require

# A local Dask cluster per module: the slow tier, one worker (--dist loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dask")]

dd = require("dask.dataframe")
distributed = require("distributed")

import driftscope as ds  # noqa: E402
from driftscope.distributed import drift_report_dask, exact_quantiles, profile_dask  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def mixed(n: int, shift: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(shift, 1, n)
    x[rng.random(n) < 0.02] = np.nan
    x[:5] = np.inf
    x[5:7] = -np.inf
    return pd.DataFrame({
        "x": x,
        "ties": np.round(rng.normal(shift, 1, n), 1),          # heavy ties
        "few": rng.choice([0.0, 1.5, 3.0], n),                  # 3 values: tied quantiles
        "heavy": rng.standard_cauchy(n) * (1 + shift),          # heavy tails
        "i": rng.integers(0, 1_000, n) + int(100 * shift),
        "const": np.ones(n),
        "s": pd.Series(rng.choice(["a", "b", "c", None], n), dtype=object),
        "b": rng.random(n) < 0.3 + shift / 2,
        "cat": pd.Categorical(rng.choice(["lo", "mid", "hi"], n), categories=["lo", "mid", "hi"]),
    })


@pytest.fixture(scope="module")
def frames():
    return mixed(40_000, 0.0, 1), mixed(30_000, 0.4, 2)


def test_workers_are_separate_processes(client):
    pids = set(client.run(os.getpid).values())
    assert len(pids) == 2 and os.getpid() not in pids


def test_reference_profile_equals_in_memory(client, frames):
    reference, _ = frames
    ddf = dd.from_pandas(reference, npartitions=5)
    got = profile_dask(ddf)
    want = ds.Profile.from_frame(reference)
    assert list(got) == list(want)
    for column in want:
        assert got[column] == want[column], column
    # the edges are the in-memory reference quantiles, bit for bit
    assert np.array_equal(got["heavy"].quantiles,
                          np.quantile(reference["heavy"].to_numpy(), np.arange(1, 100) / 100))


def test_current_profile_on_reference_bins_equals_in_memory(client, frames):
    reference, current = frames
    profile = ds.Profile.from_frame(reference)
    got = profile_dask(dd.from_pandas(current, npartitions=4), reference=profile)
    assert got == profile.sketch_like(current)


def test_report_equals_in_memory(client, frames):
    reference, current = frames
    report = drift_report_dask(dd.from_pandas(reference, npartitions=5),
                               dd.from_pandas(current, npartitions=3))
    in_memory = ds.drift_report(reference, current, policy="sketch")
    assert report.to_dict() == in_memory.to_dict()
    assert report.policy == "sketch"
    assert set(report.drifted_columns) >= {"x", "ties", "b"}   # shifted
    assert not {"const", "cat"} & set(report.drifted_columns)  # unchanged
    # PSI is the exact in-memory statistic
    assert report["x"].statistic == ds.psi(reference["x"], current["x"])


def test_report_from_a_reference_profile(client, frames):
    reference, current = frames
    profile = ds.Profile.from_frame(reference)
    report = drift_report_dask(profile, dd.from_pandas(current, npartitions=2), alpha=0.01)
    assert report.to_dict() == ds.drift_report(reference, current, policy="sketch",
                                               alpha=0.01).to_dict()


def test_exact_quantiles_on_value_ordered_partitions(client):
    # Partitions holding disjoint value ranges, one of them all-missing, and
    # brackets too wide to fetch at first: the narrowing rounds must still
    # land on numpy.quantile's numbers.
    rng = np.random.default_rng(3)
    values = np.sort(np.concatenate((rng.normal(size=30_000), np.repeat([0.25, 7.0], 5_000))))
    values = np.concatenate((values, np.full(2_000, np.nan)))
    ddf = dd.from_pandas(pd.DataFrame({"v": values}), npartitions=6, sort=False)
    levels = np.linspace(0, 1, 41)
    from dask import delayed, persist

    from driftscope.distributed import _sorted_partition

    parts = persist(*[delayed(_sorted_partition)(p, ["v"]) for p in ddf.to_delayed()])
    got = exact_quantiles(list(parts), ["v"], levels)["v"]
    assert np.array_equal(got, np.quantile(values[~np.isnan(values)], levels))


def test_errors_name_the_column(client):
    frame = pd.DataFrame({"x": [np.nan] * 10, "y": np.arange(10.0)})
    with pytest.raises(ds.AllNaNError, match="'x'"):
        profile_dask(dd.from_pandas(frame, npartitions=2))
    with pytest.raises(ds.DtypeError, match="dask.dataframe.DataFrame"):
        profile_dask(frame)
    when = pd.DataFrame({"t": pd.date_range("2043-08-01", periods=10, freq="h"),
                         "y": np.arange(10.0)})
    report = drift_report_dask(dd.from_pandas(when, npartitions=2), dd.from_pandas(when, npartitions=2))
    assert report.columns == ["y"] and "t" in report.skipped
