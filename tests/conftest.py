import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "data" / "samples"
collect_ignore_glob = ["fixtures/*"]  # synthetic inputs, including a notebook that fails on purpose


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.exists():
        pytest.skip(f"real sample files not available ({SAMPLES} is absent: ../shared is not beside the repository)")
    return SAMPLES


def shipped_raw(root: Path, target: Path) -> Path:
    """data/raw as committed (git HEAD), never the user's working copy: a file registered with `qy add`, or an
    edited figure, does not change what the tests see. Outside a git checkout, the folder as it is."""
    listed = subprocess.run(
        ["git", "ls-tree", "-r", "-z", "--name-only", "HEAD", "data/raw"], cwd=root, capture_output=True
    )
    if listed.returncode != 0 or not listed.stdout:
        shutil.copytree(root / "data" / "raw", target)
        return target
    for name in listed.stdout.decode("utf-8").strip("\0").split("\0"):
        path = target / Path(name).relative_to("data/raw")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            subprocess.run(["git", "show", f"HEAD:{name}"], cwd=root, capture_output=True, check=True).stdout
        )
    return target


@pytest.fixture
def raw_dir(tmp_path) -> Path:
    """A copy of the shipped data/raw that a test may break."""
    return shipped_raw(ROOT, tmp_path / "data" / "raw")


SYNTHETIC_REGISTRY = (
    "source_id,file,reader,title,publisher,url,table,reliability,note\n"
    "synth,synthetic.csv,transcription,Synthetic test table,tests,none,none,final,SYNTHETIC\n"
)


@pytest.fixture
def tiny_raw(tmp_path):
    """Factory: a data/raw folder holding one SYNTHETIC transcription table with the given rows."""

    def make(rows: list[str], rules: str = "") -> Path:
        raw = tmp_path / "data" / "raw"
        raw.mkdir(parents=True, exist_ok=True)
        (raw / "sources.csv").write_text(SYNTHETIC_REGISTRY, encoding="utf-8")
        (raw / "synthetic.csv").write_text(
            "region,year,indicator,value,unit,source_url\n" + "\n".join(rows) + "\n", encoding="utf-8"
        )
        if rules:
            (raw / "cleaning_rules.yaml").write_text(rules, encoding="utf-8")
        return raw

    return make
