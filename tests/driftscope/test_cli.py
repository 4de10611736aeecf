"""The driftscope command: exit codes 0 (no drift), 1 (drift), 2 (usage or input error)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from driftscope.cli import main


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    rng = np.random.default_rng(2043)
    n = 400
    ref = pd.DataFrame({"length": rng.normal(20, 4, n), "planet": rng.choice(["Zeta", "Orion", "Vega"], n)})
    same = pd.DataFrame({"length": rng.normal(20, 4, n), "planet": rng.choice(["Zeta", "Orion", "Vega"], n)})
    drift = pd.DataFrame({"length": rng.normal(14, 4, n), "planet": rng.choice(["Zeta", "Kepler"], n)})
    paths = {"ref": d / "ref.csv", "same": d / "same.parquet", "drift": d / "drift.csv",
             "other": d / "other.csv", "garbage": d / "garbage.parquet", "empty": d / "empty.csv",
             "wide_ref": d / "wide_ref.parquet", "wide_cur": d / "wide_cur.parquet", "dir": d}
    ref.to_csv(paths["ref"], index=False)
    same.to_parquet(paths["same"])
    drift.to_csv(paths["drift"], index=False)
    ref.rename(columns={"planet": "world"}).to_csv(paths["other"], index=False)
    paths["garbage"].write_text("this is not parquet")
    paths["empty"].write_text("")
    pd.DataFrame({f"c{i}": rng.normal(size=100) for i in range(25)}).to_parquet(paths["wide_ref"])
    pd.DataFrame({f"c{i}": rng.normal(size=100) for i in range(25)}).to_parquet(paths["wide_cur"])
    return {k: str(v) for k, v in paths.items()}


def test_no_drift_exits_0(files, capsys):
    assert main(["report", files["ref"], files["same"]]) == 0
    out = capsys.readouterr().out
    assert "no dataset drift" in out and "K-S p_value" in out


def test_drift_exits_1_and_writes_reports(files, tmp_path, capsys):
    html, js, prom = tmp_path / "r.html", tmp_path / "r.json", tmp_path / "r.prom"
    code = main(["report", files["ref"], files["drift"], "--policy", "watchtower",
                 "--html", str(html), "--json", str(js), "--prometheus", str(prom)])
    assert code == 1
    assert "DATASET DRIFT" in capsys.readouterr().out
    assert "<svg" in html.read_text()
    assert json.loads(js.read_text())["dataset_drift"] is True
    assert "driftscope_dataset_drift{policy=\"watchtower\"} 1" in prom.read_text()


def test_columns_and_drift_share_options(files, capsys):
    assert main(["report", files["ref"], files["drift"], "--columns", "planet", "-q"]) == 1
    assert capsys.readouterr().out.strip() == "DATASET DRIFT"
    assert main(["report", files["ref"], files["drift"], "--drift-share", "1", "--columns",
                 "length,planet", "-q"]) == 1


@pytest.mark.parametrize("key, message", [
    ("missing", "nope.csv: no such file"),
    ("other", "only in reference: 'planet'; only in current: 'world'"),
    ("garbage", "garbage.parquet: cannot read it as PARQUET"),
    ("empty", "empty.csv: the file is empty"),
    ("dir", "is a directory"),
])
def test_input_errors_exit_2_with_a_clear_message(files, key, message, capsys):
    path = files.get(key, "nope.csv")
    assert main(["report", files["ref"], path]) == 2
    err = capsys.readouterr().err
    assert err.startswith("driftscope: error: ") and message in err, err


def test_usage_errors_exit_2(files, capsys):
    assert main(["report", files["ref"]]) == 2
    assert "required: CURRENT" in capsys.readouterr().err
    assert main(["report", files["ref"], files["same"], "--policy", "magic"]) == 2
    assert main([]) == 2
    assert main(["report", files["ref"], files["same"], "--drift-share", "3"]) == 2
    assert "drift_share must be a number between 0 and 1" in capsys.readouterr().err


def test_progress_bar_for_wide_inputs(files, capsys):
    assert main(["report", files["wide_ref"], files["wide_cur"], "--progress"]) in (0, 1)
    captured = capsys.readouterr()
    assert "column" in captured.err and "drift" in captured.err
    main(["report", files["wide_ref"], files["wide_cur"], "--no-progress"])
    assert capsys.readouterr().err == ""


@pytest.mark.slow  # a new interpreter imports driftscope
def test_subprocess_exit_code(files):
    run = subprocess.run([sys.executable, "-m", "driftscope.cli", "report", files["ref"],
                          files["drift"], "--quiet"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    assert run.stdout.strip() == "DATASET DRIFT"
    bad = subprocess.run([sys.executable, "-m", "driftscope.cli", "report", files["ref"],
                          "nope.csv"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "nope.csv: no such file" in bad.stderr


@pytest.mark.parametrize("current, code", [("same", 0), ("drift", 1)])
def test_sketch_policy_exit_codes(files, current, code, capsys):
    assert main(["report", files["ref"], files[current], "--policy", "sketch"]) == code, (
        f"--policy sketch on ref vs {current} should exit {code}")
    assert "PSI" in capsys.readouterr().out
