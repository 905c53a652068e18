"""Where the project's data are, whatever the working directory (a notebook opened from notebooks/,
a scheduled run started elsewhere). QY_PROJECT_ROOT overrides."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    env = os.environ.get("QY_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").exists() and (folder / "qy_analysis").is_dir():
            return folder
    return Path(__file__).resolve().parent.parent


def project_path(*parts: str) -> Path:
    return project_root().joinpath(*parts)
