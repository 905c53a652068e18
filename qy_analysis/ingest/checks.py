"""The run config's check before any work starts: one line naming the file, the field and what was expected
(YAML is read by the project's one reader, `qy_analysis.inputs.load_yaml`; scenario assumptions are checked
beside the scenario files, targets/scenario_files.py)."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError


def check_run_config(config, path: Path | str) -> dict:
    """A run config: a mapping whose `notebooks` is a list of {notebook: path, parameters: [mapping, …]}."""
    if not isinstance(config, dict):
        raise DataError(f"{path}: {type(config).__name__} at the top; expected a mapping with 'notebooks'")
    notebooks = config.get("notebooks")
    if not isinstance(notebooks, list) or not notebooks:
        raise DataError(f"{path}: field 'notebooks': {notebooks!r}: expected a list of {{notebook: path}}")
    for n, entry in enumerate(notebooks, start=1):
        where = f"{path}: notebooks[{n}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("notebook"), str):
            raise DataError(f"{where}: {entry!r}: expected a mapping with 'notebook: notebooks/NAME.ipynb'")
        params = entry.get("parameters")
        if params is not None and not (isinstance(params, list) and all(isinstance(p, dict) for p in params)):
            raise DataError(f"{where}: field 'parameters': {params!r}: expected a list of mappings")
    for key in ("name", "scorecard"):
        wanted = str if key == "name" else dict
        if config.get(key) is not None and not isinstance(config[key], wanted):
            raise DataError(f"{path}: field {key!r}: {config[key]!r}: expected a {wanted.__name__}")
    return config
