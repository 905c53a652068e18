"""Methods that wrap statsmodels results objects (slower: 20-200 ms a fit); not in `auto`'s pool, where
their simple cousins stand in: `damped` is ETS(A,Ad,N) and `theta` is ARIMA(0,1,1) with drift."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, Self, TypeVar

import numpy as np
import pandas as pd

from .methods import Method

T = TypeVar("T")


def recorded(fit: Callable[[], T]) -> tuple[T, list[str]]:
    """Run a statsmodels fit, returning (result, the warnings it raised as text) for the forecast's notes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fit()
    return result, sorted({f"{w.category.__name__}: {str(w.message).splitlines()[0]}" for w in caught})


def _annual(t: np.ndarray, z: np.ndarray) -> pd.Series:
    return pd.Series(z, index=pd.period_range(str(int(t[0])), periods=len(t), freq="Y"))


class StatsmodelsMethod(Method):
    """A fitted statsmodels results object (`self.result`) that forecasts and simulates itself with
    Gaussian innovations on the model scale."""

    contiguous = True
    result: Any  # statsmodels' results object (untyped)

    def forecast(self, h: int) -> np.ndarray:
        return np.asarray(self.result.forecast(h), dtype=float)

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        sims, _ = recorded(lambda: self.result.simulate(h, anchor="end", repetitions=n, rng=rng))
        return np.asarray(sims, dtype=float).reshape(h, n).T


class ETS(StatsmodelsMethod):
    """statsmodels ETSModel with additive errors: from 8 points a damped additive trend, ETS(A,Ad,N):
    z_{T+k} = l_T + (phi + ... + phi^k) b_T + error; below 8 points level only, ETS(A,N,N)."""

    name, min_points = "ets", 6

    def fit(self, t: np.ndarray, z: np.ndarray) -> Self:
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        trend = dict(trend="add", damped_trend=True) if len(z) >= 8 else dict(trend=None)
        self.result, self.fit_warnings = recorded(lambda: ETSModel(_annual(t, z), error="add", **trend).fit(disp=False))
        return self


class ARIMA(StatsmodelsMethod):
    """statsmodels ARIMA(p,1,q) with drift on the model scale, order by AIC among (0,1,0), (1,1,0), (0,1,1):
    (1 - phi B)(1 - B) z_t = c + (1 + theta B) e_t."""

    name, min_points = "arima", 8
    ORDERS = ((0, 1, 0), (1, 1, 0), (0, 1, 1))

    def fit(self, t: np.ndarray, z: np.ndarray) -> Self:
        from statsmodels.tsa.arima.model import ARIMA as SMARIMA

        series = _annual(t, z)

        def fitted(order: tuple[int, int, int]) -> Callable[[], Any]:
            return lambda: SMARIMA(series, order=order, trend="t").fit()

        fits = [recorded(fitted(order)) for order in self.ORDERS]
        self.result, self.fit_warnings = min(fits, key=lambda fit: fit[0].aic)
        self.order = self.result.model.order
        return self
