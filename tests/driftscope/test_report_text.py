"""Text columns in `drift_report`: both policies, notes and figures, and which columns are text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sklearn")

from driftscope import drift_report, text_drift  # noqa: E402
from driftscope.multitest import benjamini_hochberg  # noqa: E402

WORDS = np.array([f"{a}{b}" for a in ("zor", "kal", "vex", "thu") for b in ("an", "ek", "il", "ox")])
SLANG = np.array(["glub", "brrk", "zzt"])


def frames(n: int = 400, shift: int = 2, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)

    def texts(roll: int) -> list[str]:
        p = np.roll(1.0 / np.arange(1, WORDS.size + 1), roll)
        p /= p.sum()
        out = [" ".join(rng.choice(WORDS, k, p=p)) for k in rng.integers(2, 7, n)]
        if roll:  # and slang: a new word in a quarter of the messages
            out = [f"{m} {rng.choice(SLANG)}" if rng.random() < 0.25 else m for m in out]
        return out

    def frame(roll: int, prefix: str) -> pd.DataFrame:
        return pd.DataFrame({"x": rng.normal(size=n), "msg": texts(roll),
                             "id": [f"{prefix}{i}" for i in range(n)],
                             "greeting": rng.choice(["hail", "hail", "hail", "yo"], n)})

    return frame(0, "r"), frame(shift, "c")


def test_watchtower_decides_text_by_corrected_test_and_roc_auc():
    reference, current = frames()
    report = drift_report(reference, current, policy="watchtower")
    row = report["msg"]
    direct = text_drift(reference["msg"], current["msg"], method="absolute")
    assert (row.kind, row.test) == ("text", "ROC AUC + Mann-Whitney (BH)")
    assert row.statistic == direct.roc_auc and row.threshold == 0.55
    raw = [float(r.note.split("raw p-value ")[1].split(";")[0]) for r in report]
    assert f"raw p-value {direct.pvalue:.3g}" in row.note
    others = [report[c].pvalue for c in report.columns]
    assert len(others) == len(raw) == 3
    adjusted = benjamini_hochberg([direct.pvalue, *[r for r, c in zip(raw, report.columns)
                                                    if c != "msg"]]).pvalues_adjusted
    assert row.pvalue == pytest.approx(adjusted[0], rel=1e-2)
    assert row.drifted == (row.pvalue < 0.05 and row.statistic >= 0.55)
    assert row.drifted and "words that moved" in row.note
    assert set(report.skipped) == {"id"} and "identifier" in report.skipped["id"]
    assert report["greeting"].kind == "categorical"


def test_watchtower_roc_auc_threshold_is_a_parameter():
    reference, current = frames()
    strict = drift_report(reference, current, policy="watchtower", roc_auc_threshold=0.99)
    assert strict["msg"].threshold == 0.99 and not strict["msg"].drifted
    assert "significant but small" in strict["msg"].note
    with pytest.raises(ValueError, match="roc_auc_threshold"):
        drift_report(reference, current, policy="watchtower", roc_auc_threshold=1.5)
    with pytest.raises(ValueError, match="roc_auc_threshold"):
        drift_report(reference, current, policy="evidently", roc_auc_threshold=0.6)


def test_unchanged_text_stays_quiet_under_both_policies():
    reference, current = frames(shift=0, seed=3)
    for policy in ("evidently", "watchtower"):
        row = drift_report(reference, current, policy=policy, columns=["msg"])["msg"]
        assert row.kind == "text" and not row.drifted, (policy, row)


def test_figure_and_note_name_the_words_that_moved():
    reference, current = frames()
    report = drift_report(reference, current, policy="evidently")
    row = report["msg"]
    result = text_drift(reference["msg"], current["msg"])
    assert row.drifted and row.statistic == result.roc_auc and row.threshold == result.threshold
    assert f"current: {', '.join(result.words_current[:5])}" in row.note
    figure = report.figures["msg"]
    assert figure["labels"] == list(result.words_current[:5]) + list(result.words_reference[:5])
    # Bars: the share of messages holding each word, in each window.
    for side, frame in (("reference", reference), ("current", current)):
        want = [np.mean([w in m.split() for m in frame["msg"]]) for w in figure["labels"]]
        assert figure[side] == pytest.approx(want), side
    slang = [w for w in result.words_current[:5] if w in SLANG]
    assert slang, result.words_current
    assert all(figure["reference"][figure["labels"].index(w)] == 0 for w in slang)
    html = report.to_html()
    assert result.words_current[0] in html and "Percentile text content drift" in html
    # And the typical messages of each side, Evidently's "typical examples".
    assert figure["examples"] == {"current": list(result.examples_current[:3]),
                                  "reference": list(result.examples_reference[:3])}
    assert "Typical current messages" in html and result.examples_current[0] in html
    assert "Typical reference messages" in html and result.examples_reference[0] in html
    frame = report.to_frame()
    assert frame.loc[frame["column"] == "msg", "kind"].item() == "text"


def test_a_single_repeated_message_is_categorical_as_in_evidently():
    reference = pd.DataFrame({"status": ["all systems nominal"] * 30 + ["relay lag"] * 2})
    current = pd.DataFrame({"status": ["all systems nominal"] * 20 + ["relay lag"] * 12})
    for policy in ("evidently", "watchtower"):
        assert drift_report(reference, current, policy=policy)["status"].kind == "categorical"
    # One message in every current row (1 distinct value of 32): categorical as well
    # (test_report_evidently.py compares these cases with Evidently itself).
    current = pd.DataFrame({"status": ["all systems nominal"] * 32})
    for policy in ("evidently", "watchtower"):
        assert drift_report(reference, current, policy=policy)["status"].kind == "categorical"
