"""The outside view (growth regressing to the mean) and shrinkage, on SYNTHETIC panels with known answers."""

import numpy as np
import pytest

from qy_analysis.cleaning.panel import kind_of, load_panel, model_series
from qy_analysis.forecasting.scales import scale_for
from qy_analysis.projection.outside_view import growth_prior
from qy_analysis.projection.panel_cache import indicator_matrix, own_series, panel_key
from qy_analysis.reference.regions import level_of
from qy_analysis.targets.assessment import assess
from qy_analysis.targets.spec import Target

from .conftest import ROOT
from .synthetic import panel_from

CITY = "441800"
YEARS = range(2000, 2013)


def synthetic_cities(persistent: bool, n: int = 30, seed: int = 1, indicator="patent_applications") -> dict:
    """n made-up prefecture series: each with its own constant growth rate (persistent) or a new rate
    drawn every 3 years (no persistence)."""
    rng = np.random.default_rng(seed)
    out = {}
    for i in range(n):
        rate, value, series = rng.normal(0.10, 0.08), 100.0, {}
        for year in YEARS:
            if not persistent and (year - YEARS[0]) % 3 == 0:
                rate = rng.normal(0.10, 0.08)
            value *= np.exp(rate + rng.normal(0, 0.01))
            series[year] = value
        out[(f"61{i + 1:02d}00", indicator)] = series
    return out


def test_levels_from_the_table_and_from_the_code():
    assert (level_of(CITY), level_of("440000"), level_of("000000")) == ("prefecture", "province", "nation")
    assert (level_of("610100"), level_of("610000")) == ("prefecture", "province")


def test_persistent_growth_keeps_its_weight_and_random_growth_loses_it():
    kept, _ = growth_prior(panel_from(synthetic_cities(True)), "patent_applications", CITY, 2012, 3)
    lost, _ = growth_prior(panel_from(synthetic_cities(False)), "patent_applications", CITY, 2012, 3)
    own = kept.mean_past + 0.1  # a series growing 10 points faster than its class, from 5 smooth changes
    assert kept.predict(own, 5, 0.0001)[2] > 0.8
    assert lost.predict(own, 5, 0.0001)[2] < 0.35
    assert kept.level == "prefecture" and kept.n_regions == 30


def test_one_own_point_gives_the_class_spread_never_a_certainty():
    panel = panel_from({**synthetic_cities(False), (CITY, "patent_applications"): {2012: 750.0}})
    a = assess(
        Target(
            id="t",
            clause="一",
            zh="目标",
            en="target",
            kind="level",
            region=CITY,
            indicator="patent_applications",
            unit="件",
            year=2017,
            value=750 * 1.10**5,
        ),
        panel,
        as_of=2012,
    )
    assert str(a.basis) == "outside view (1 own point)"
    assert 0.2 < a.probability < 0.8
    assert np.quantile(a.forecast.paths[:, -1], 0.9) / np.quantile(a.forecast.paths[:, -1], 0.1) > 1.3


def test_another_level_is_widened_or_refused():
    provinces = {(f"{50 + i}0000", "patent_applications"): s for i, s in enumerate(synthetic_cities(False).values())}
    city_only = {(CITY, "patent_applications"): {2011: 700.0, 2012: 750.0}}
    prior, note = growth_prior(panel_from({**provinces, **city_only}), "patent_applications", CITY, 2012, 3)
    assert prior is None and str(note).startswith("outside view refused")
    # the same two levels measured on another count: cities twice as dispersed as provinces
    rng = np.random.default_rng(5)
    other = {}
    for i in range(30):
        for code, sd in ((f"{50 + i}0000", 0.05), (f"61{i + 1:02d}00", 0.05 * np.sqrt(2))):
            other[(code, "patent_grants")] = dict(zip(YEARS, 100 * np.exp(np.cumsum(rng.normal(0.1, sd, len(YEARS))))))
    prior, note = growth_prior(panel_from({**provinces, **city_only, **other}), "patent_applications", CITY, 2012, 3)
    assert prior.level == "province" and 1.4 < prior.widen < 3.0 and "widened" in str(note)


def test_the_cache_knows_panels_by_content():
    panel = panel_from(synthetic_cities(True))
    first, _ = growth_prior(panel, "patent_applications", CITY, 2012, 3)
    assert growth_prior(panel.copy(), "patent_applications", CITY, 2012, 3)[0] is first
    changed = panel.copy()
    changed.loc[changed.index[-1], "value"] *= 2
    assert panel_key(changed) != panel_key(panel)
    assert growth_prior(changed, "patent_applications", CITY, 2012, 3)[0] is not first


def test_only_years_up_to_as_of_are_used():
    panel = panel_from(synthetic_cities(False))
    before, _ = growth_prior(panel, "patent_applications", CITY, 2010, 3)
    later = panel.copy()
    later.loc[later.year > 2010, "value"] *= 5
    assert growth_prior(later, "patent_applications", CITY, 2010, 3)[0] == before


@pytest.mark.parametrize("indicator", ["st_expenditure", "fiscal_st_share", "rd_intensity", "patent_applications"])
def test_matrix_takes_the_values_model_series_takes(indicator):
    panel = load_panel(ROOT / "data" / "processed" / "panel.csv")
    matrix = indicator_matrix(panel, indicator)
    for code in matrix.index[::4]:
        series, _ = model_series(panel, code, indicator)
        series = series[series > 0]
        row = matrix.loc[code].dropna()
        assert list(row.index) == list(series.index)
        assert np.allclose(scale_for(kind_of(indicator), [1.0]).inverse(row.to_numpy()), series.to_numpy())


def test_own_series_is_model_series():
    panel = load_panel(ROOT / "data" / "processed" / "panel.csv")
    for code, indicator, as_of in (
        ("441800", "fiscal_st_share", 2012),
        ("441800", "rd_intensity", None),
        ("440000", "patent_grants", 2010),
        ("441800", "no_such_indicator", 2012),
    ):
        expected, notes = model_series(panel, code, indicator, as_of)
        for _ in range(2):  # the second answer comes from the cache
            series, again = own_series(panel, code, indicator, as_of)
            assert series.equals(expected) and again == notes
