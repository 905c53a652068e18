"""Proper scores for probabilities of yes/no questions: Brier score, its Murphy decomposition, a reliability
table for the diagram, and a Platt calibration map (logistic on the logit of the probability).

Murphy (1973): with forecasts grouped in bins k (n_k questions, mean forecast f_k, share met o_k),
  Brier ≈ reliability - resolution + uncertainty,
  reliability = Σ n_k (f_k - o_k)² / N   (0 is perfectly calibrated; smaller is better),
  resolution  = Σ n_k (o_k - ō)² / N     (how much the forecasts sort met from missed; larger is better),
  uncertainty = ō (1 - ō)                (the Brier score of always answering the base rate ō).
The identity is exact when forecasts are constant within bins; the table reports the Brier score itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize

BINS = 10
EPS = 0.005  # probabilities are kept this far from 0 and 1 inside the logit (Monte-Carlo resolution)


def brier(p, met) -> float:
    return float(np.mean((np.asarray(p, dtype=float) - np.asarray(met, dtype=float)) ** 2))


def reliability_table(p, met, bins: int = BINS) -> pd.DataFrame:
    """One row per probability bin: its range, questions, mean probability and share met (for the diagram)."""
    p, met = np.asarray(p, dtype=float), np.asarray(met, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1], right=False), 0, bins - 1)
    rows = []
    for k in range(bins):
        mask = which == k
        rows.append(
            {
                "bin": k,
                "lower": edges[k],
                "upper": edges[k + 1],
                "n": int(mask.sum()),
                "mean_probability": p[mask].mean() if mask.any() else np.nan,
                "share_met": met[mask].mean() if mask.any() else np.nan,
            }
        )
    return pd.DataFrame(rows)


def decomposition(p, met, bins: int = BINS) -> dict[str, float]:
    """Brier score, reliability, resolution and uncertainty (Murphy), and the number of questions."""
    table = reliability_table(p, met, bins)
    used = table[table["n"] > 0]
    n = used["n"].sum()
    base = float(np.mean(met))
    return {
        "brier": brier(p, met),
        "reliability": float((used["n"] * (used["mean_probability"] - used["share_met"]) ** 2).sum() / n),
        "resolution": float((used["n"] * (used["share_met"] - base) ** 2).sum() / n),
        "uncertainty": base * (1 - base),
        "questions": int(n),
    }


def _logit(p):
    p = np.clip(np.asarray(p, dtype=float), EPS, 1 - EPS)
    return np.log(p / (1 - p))


class PlattMap:
    """P' = 1 / (1 + exp(-(a + b logit P))), fitted by maximum likelihood (a small ridge toward P' = P)."""

    def __init__(self, a: float = 0.0, b: float = 1.0):
        self.a, self.b = a, b

    def fit(self, p, met, ridge: float = 1e-3) -> PlattMap:
        x, y = _logit(p), np.asarray(met, dtype=float)

        def loss(beta):
            z = beta[0] + beta[1] * x
            return np.mean(np.logaddexp(0, z) - y * z) + ridge * ((beta[0]) ** 2 + (beta[1] - 1) ** 2)

        self.a, self.b = (float(v) for v in minimize(loss, [0.0, 1.0], method="L-BFGS-B").x)
        return self

    def __call__(self, p) -> np.ndarray:
        return 1 / (1 + np.exp(-np.clip(self.a + self.b * _logit(p), -30, 30)))
