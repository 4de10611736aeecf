"""The benchmark's data: reference and current frames, the same for every library.

Every frame is a pure function of its case and seed, so each measurement can
rebuild it in a fresh process and the two libraries compare the very same
numbers. Numeric columns mix shapes (normal, log-normal, uniform, exponential,
Student t) and about a third of them drift (a shift of 0.3 or a rescale),
so both verdicts occur; the wide case adds the categorical kinds Evidently
tells apart (strings, small integer columns, booleans, pandas categoricals).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Case", "CASES", "make_frames", "numeric_frames"]


@dataclass(frozen=True)
class Case:
    key: str
    rows: int
    columns: int
    mixed: bool = False

    @property
    def label(self) -> str:
        kind = " mixed" if self.mixed else ""
        return f"{self.rows:,} x {self.columns}{kind}"


CASES = (
    Case("1k_x10", 1_000, 10),
    Case("100k_x20", 100_000, 20),
    Case("1m_x10", 1_000_000, 10),
    Case("100k_x200_mixed", 100_000, 200, mixed=True),
)

SEED = 2043


def _numeric_column(rng: np.random.Generator, i: int, n: int, drifted: bool,
                    out: np.ndarray) -> None:
    shape = i % 5
    shift = 0.3 if drifted else 0.0
    if shape == 0:
        rng.standard_normal(out=out)
        out += shift
    elif shape == 1:
        rng.standard_normal(out=out)
        out *= 0.5
        out += shift
        np.exp(out, out=out)
    elif shape == 2:
        rng.random(out=out)
        out += shift
    elif shape == 3:
        rng.standard_exponential(out=out)
        out *= 1.3 if drifted else 1.0
    else:
        out[:] = rng.standard_t(5, n)
        out += shift


def numeric_frames(rows: int, columns: int, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Float frames; column ``x{i}`` drifts when ``i % 3 == 1``.

    Built column by column into one float64 block, so building them needs
    little memory beyond the frames themselves.
    """
    frames = []
    for which in (0, 1):
        rng = np.random.default_rng([seed, rows, columns, which])
        block = np.empty((columns, rows))
        for i in range(columns):
            _numeric_column(rng, i, rows, which == 1 and i % 3 == 1, block[i])
        frames.append(pd.DataFrame(block.T, columns=[f"x{i}" for i in range(columns)], copy=False))
    return frames[0], frames[1]


def _mixed_frames(rows: int, columns: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_numeric = columns * 3 // 4
    reference, current = numeric_frames(rows, n_numeric, seed)
    reference, current = {c: reference[c] for c in reference}, {c: current[c] for c in current}
    for which, frame in ((0, reference), (1, current)):
        rng = np.random.default_rng([seed, rows, columns, which, 7])
        for j in range(columns - n_numeric):
            drifted = which == 1 and j % 3 == 1
            kind = j % 4
            name = f"c{j}"
            if kind == 0:  # strings, 3 to 12 labels
                labels = [f"s{k}" for k in range(3 + j % 10)]
                p = np.linspace(1, 2, len(labels))
                if drifted:
                    p = p[::-1]
                frame[name] = pd.Series(rng.choice(labels, rows, p=p / p.sum())).astype(object)
            elif kind == 1:  # small integers: categorical for Evidently
                frame[name] = rng.integers(0, 6 if drifted else 5, rows)
            elif kind == 2:  # booleans
                frame[name] = rng.random(rows) < (0.45 if drifted else 0.3)
            else:  # pandas categoricals
                levels = ["low", "mid", "high"]
                p = [0.2, 0.5, 0.3] if drifted else [0.3, 0.4, 0.3]
                frame[name] = pd.Categorical(rng.choice(levels, rows, p=p), categories=levels)
    return pd.DataFrame(reference), pd.DataFrame(current)


def make_frames(case: Case, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reference and current frames of a benchmark case."""
    if case.mixed:
        return _mixed_frames(case.rows, case.columns, seed)
    return numeric_frames(case.rows, case.columns, seed)
