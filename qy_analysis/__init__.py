"""qy-analysis: will a plan's targets be reached, and what would it take?

The front door: everything a notebook needs, with the report's defaults (the project's panel, plan and
shipped calibration and growth prior, whatever the working folder), so the call a researcher types prints the report's
number.

    from qy_analysis import load_panel, load_plan, assess, peers, Scenario
    panel, plan = load_panel(), load_plan()
    assess(plan.targets[plan.headline_target], panel, as_of=2012).probability
    peers()                                          # the plan's region among its province and peer group
    Scenario.from_file(plan.default_scenario)       # or Scenario.from_dict({...}), on the project's panel

Names are imported on first use, so `qy` commands stay quick to start.
"""

from importlib import import_module

from .errors import DataError, QyError

_EXPORTS = {
    "read": "ingest.readers",
    "clean": "cleaning.pipeline",
    "load_panel": "cleaning.panel",
    "forecast": "forecasting",
    "load_calibration": "forecasting.calibration",
    "load_growth_prior": "projection.broad_prior",
    "load_plan": "targets.spec",
    "assess": "targets.assessment",
    "scorecard": "targets.assessment",
    "Scenario": "targets.scenarios",
    "what_it_takes": "targets.scenarios",
    "peers": "targets.peers",
    "explore": "explorer",
}

__all__ = ["DataError", "QyError", *_EXPORTS]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'qy_analysis' has no attribute {name!r}")
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
