"""Backtest of target questions over the whole panel: are the engine's probabilities worth betting on?

    qs = question_backtest(panel, as_of_years=range(2008, 2021), executor="local")
    table = brier_table(qs, report_from=2013)

Questions are shaped like the plan's targets, asked of every region and indicator as of a year A, h = 3-6
years ahead, from the value in A:
  amounts, counts, persons: "will it grow at least g% a year over the next h years?" g = 5, 10, 15, 20;
  shares: "will the share reach k times its level?" k = 1.0, 1.2, 1.5.
Each is answered by the engine's own path function (`shrunk_paths`, what `assess` uses), from data with
year <= A only, and resolved by the observed value in A + h. Baselines, also from what was known in A:
  constant: the share of earlier questions (resolved by A) that were met;
  constant by question: the same, per question type and threshold;
  compound growth: the rule of progress reports, 1 if the series' compound growth meets the question, else 0;
  calibrated: the engine's probability through a Platt map fitted on the earlier questions only;
  prior alone: the broad growth prior (projection/broad_prior.py, learned offline from other series) from the
    series' own past growth, with no reference class and no own model.
`era_table` reports each era (asked up to 2012 / from 2013) apart; the headline is the worse era.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
from scipy.special import ndtr

from ..cleaning.panel import kind_of
from ..forecasting.calibration import SHIPPED
from ..forecasting.intervals import Z80
from ..forecasting.scales import scale_for
from ..projection import broad_prior
from ..projection.outside_view import own_growth
from ..projection.panel_cache import indicator_matrix
from ..projection.shrinkage import shrunk_paths
from ..targets.rules import at_least
from .backtest import FORECAST_KINDS
from .scores import PlattMap, brier, decomposition

GROWTH_RATES = (5, 10, 15, 20)  # % a year
SHARE_FACTORS = (1.0, 1.2, 1.5)  # times the level in the as-of year
HORIZONS = (3, 4, 5, 6)
MIN_EARLIER = 50  # earlier questions needed before a constant or a calibration map is fitted
ERAS = (("asked up to 2012", None, 2012), ("asked from 2013", 2013, None))


def _series(matrix: pd.DataFrame, region: str, as_of: int, kind: str) -> pd.Series:
    """The region's usable values up to as_of on the original scale (the same values `model_series` gives)."""
    row = matrix.loc[region]
    row = row[(row.index <= as_of) & row.notna()]
    return pd.Series(scale_for(kind, [1.0]).inverse(row.to_numpy()), index=row.index.astype(int))


def _thresholds(kind: str, last: float, h: int) -> list[tuple[str, float, float]]:
    """(question type, its parameter, the value needed in A + h)."""
    if kind == "share":
        return [("share", k, k * last) for k in SHARE_FACTORS]
    return [("growth", g, last * (1 + g / 100) ** h) for g in GROWTH_RATES]


def _cagr_value(series: pd.Series, h: int) -> float | None:
    """The compound-growth rule's value h years after the last point (None from fewer than 2 points)."""
    if len(series) < 2 or series.iloc[0] <= 0 or series.iloc[-1] <= 0:
        return None
    span = series.index[-1] - series.index[0]
    return float(series.iloc[-1] * (series.iloc[-1] / series.iloc[0]) ** (h / span))


def prior_alone(series: pd.Series, kind: str, h: int, needed: float, broad) -> float:
    """P(value in h years >= needed) by the broad prior alone: its next growth from the series' own past growth
    and its h-year error quantiles for series of that volatility (model scale)."""
    scale = scale_for(kind, series.to_numpy(dtype=float))
    z = scale.forward(series.to_numpy(dtype=float))
    past, _, noise = own_growth(z, series.index.to_numpy(dtype=int))
    low, mid, high = broad.residual_quantiles(h, None if noise is None else float(np.sqrt(noise)), past)
    centre = broad.mean_next(h, past) + mid
    with np.errstate(all="ignore"):
        required = (float(scale.forward(needed)) - z[-1]) / h
    return float(ndtr((centre - required) / ((high - low) / (2 * Z80))))


def region_questions(
    item: tuple[str, str],
    panel: pd.DataFrame,
    as_of_years,
    horizons=HORIZONS,
    method: str = "auto",
    n_paths: int = 500,
    seed: int = 0,
    calibration=SHIPPED,
    prior=broad_prior.SHIPPED,
) -> list[dict]:
    """Every question for one (region, indicator), with the engine's probability and the rule's call."""
    region, indicator = item
    broad = broad_prior.resolve_prior(broad_prior.SHIPPED)
    kind = kind_of(indicator)
    matrix = indicator_matrix(panel, indicator)
    if region not in matrix.index:
        return []
    full = _series(matrix, region, max(matrix.columns), kind)
    rows = []
    for as_of in as_of_years:
        if as_of not in full.index:
            continue
        series = full[full.index <= as_of]
        for h in horizons:
            if as_of + h not in full.index:
                continue
            made, _, _ = shrunk_paths(
                series, indicator, region, panel, as_of, h, method, n_paths, seed, calibration, prior
            )
            if made is None:
                continue
            end = made.paths[:, h - 1]
            outcome, rule = full[as_of + h], _cagr_value(series, h)
            low, high = np.quantile(end, [0.1, 0.9])
            for qtype, parameter, needed in _thresholds(kind, series.iloc[-1], h):
                rows.append(
                    {
                        "region": region,
                        "indicator": indicator,
                        "as_of": as_of,
                        "h": h,
                        "type": qtype,
                        "parameter": parameter,
                        "own_points": len(series),
                        "weight": made.weight,
                        "p_engine": float(np.mean(at_least(end, needed))),
                        "p_rule": np.nan if rule is None else float(at_least(rule, needed)),
                        "p_prior": np.nan if broad is None else prior_alone(series, kind, h, needed, broad),
                        "in_band80": bool(low <= outcome <= high),
                        "pit": float(np.mean(end <= outcome)),
                        "met": bool(at_least(outcome, needed)),
                    }
                )
    return rows


def question_backtest(
    panel: pd.DataFrame,
    as_of_years=None,
    horizons=HORIZONS,
    method: str = "auto",
    n_paths: int = 500,
    seed: int = 0,
    executor: str = "local",
    scheduler: str | None = None,
    indicators=None,
    calibration=SHIPPED,
    prior=broad_prior.SHIPPED,
) -> pd.DataFrame:
    """All questions with the engine's raw probability, the baselines and the calibrated probability.
    `calibration` and `prior` as for `assess` (each question uses only the calibration knowable at its as-of
    year; the prior has seen no panel)."""
    names = [
        i
        for i in sorted(set(panel["indicator"]))
        if kind_of(i) in FORECAST_KINDS and (indicators is None or i in indicators)
    ]
    items = sorted({(r, i) for r, i in panel[["region_code", "indicator"]].itertuples(index=False) if i in names})
    years = sorted(set(panel["year"])) if as_of_years is None else list(as_of_years)
    work = partial(
        region_questions,
        panel=panel,
        as_of_years=years,
        horizons=horizons,
        method=method,
        n_paths=n_paths,
        seed=seed,
        calibration=calibration,
        prior=prior,
    )
    if executor == "dask":
        from ..executors import dask_map

        results = list(dask_map(work, items, scheduler=scheduler))
    elif executor == "local":
        results = [work(item) for item in items]
    else:
        raise ValueError(f"unknown executor {executor!r}; expected 'local' or 'dask'")
    qs = pd.DataFrame([row for rows in results for row in rows])
    if qs.empty:
        return qs
    qs = qs.sort_values(["as_of", "region", "indicator", "h", "type", "parameter"], ignore_index=True)
    return with_baselines(qs)


def with_baselines(qs: pd.DataFrame) -> pd.DataFrame:
    """Add the constants and the calibrated probability, each fitted on questions resolved by the as-of year."""
    qs = qs.copy()
    qs["resolved"] = qs["as_of"] + qs["h"]
    for column in ("p_constant", "p_constant_by_question", "p_calibrated"):
        qs[column] = np.nan
    for as_of, idx in qs.groupby("as_of").groups.items():
        earlier = qs[qs["resolved"] <= as_of]
        if len(earlier) < MIN_EARLIER:
            continue
        qs.loc[idx, "p_constant"] = earlier["met"].mean()
        by_question = earlier.groupby(["type", "parameter"])["met"].mean()
        keys = pd.MultiIndex.from_frame(qs.loc[idx, ["type", "parameter"]])
        qs.loc[idx, "p_constant_by_question"] = by_question.reindex(keys).fillna(earlier["met"].mean()).to_numpy()
        qs.loc[idx, "p_calibrated"] = PlattMap().fit(earlier["p_engine"], earlier["met"])(qs.loc[idx, "p_engine"])
    return qs


def brier_table(qs: pd.DataFrame, report_from: int | None = None, report_to: int | None = None) -> pd.DataFrame:
    """Brier score and its decomposition for each method on the questions every baseline could answer."""
    sel = qs.dropna(subset=["p_constant", "p_rule"])
    if report_from is not None:
        sel = sel[sel["as_of"] >= report_from]
    if report_to is not None:
        sel = sel[sel["as_of"] <= report_to]
    methods = {
        "engine": "p_engine",
        "engine, calibrated on earlier questions": "p_calibrated",
        "constant (earlier share met)": "p_constant",
        "constant by question (earlier)": "p_constant_by_question",
        "compound-growth rule": "p_rule",
        "broad prior alone": "p_prior",
    }
    rows = [{"method": name, **decomposition(sel[col], sel["met"])} for name, col in methods.items()]
    table = pd.DataFrame(rows).set_index("method")
    table["vs_constant"] = table["brier"] / table.loc["constant (earlier share met)", "brier"]
    return table


def era_table(qs: pd.DataFrame, eras=ERAS) -> pd.DataFrame:
    """One row per era: the engine's Brier score beside the constant from earlier outcomes and the broad prior
    alone, their ratios, and the 80% band's coverage; the worse era first (the headline)."""
    rows = []
    for name, frm, to in eras:
        sel = qs.dropna(subset=["p_constant"])
        sel = sel[(sel["as_of"] >= (frm or -(10**6))) & (sel["as_of"] <= (to or 10**6))]
        if sel.empty:
            continue
        engine, constant = brier(sel["p_engine"], sel["met"]), brier(sel["p_constant"], sel["met"])
        alone = brier(sel["p_prior"], sel["met"]) if sel["p_prior"].notna().all() else np.nan
        rows.append(
            {
                "era": name,
                "questions": len(sel),
                "engine": engine,
                "constant": constant,
                "prior_alone": alone,
                "engine_vs_constant": engine / constant,
                "engine_vs_prior_alone": engine / alone,
                "coverage80": band_coverage(sel),
            }
        )
    return pd.DataFrame(rows).sort_values("engine_vs_constant", ascending=False).set_index("era")


def band_coverage(qs: pd.DataFrame, report_from: int | None = None) -> float:
    """Share of (region, indicator, as-of, horizon) outcomes inside the engine's 80% band."""
    sel = qs if report_from is None else qs[qs["as_of"] >= report_from]
    return float(sel.drop_duplicates(["region", "indicator", "as_of", "h"])["in_band80"].mean())
