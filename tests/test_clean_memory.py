"""Issue 18 (scale): `qy clean` must not copy a large export's records whole at each step. A SYNTHETIC
regions × years portal export, small; the memory itself is measured in benchmarks/bench_clean.py."""

import numpy as np

from qy_analysis.ingest.normalise import normalise
from qy_analysis.ingest.readers import read_raw
from qy_analysis.ingest.rules import apply_rules, load_rules
from qy_analysis.ingest.values import parse_values

EXPORT = (
    "数据库：分省年度数据\n指标：专利申请受理量(件)\n时间：2021年-2022年\n"
    "地区\t,2022年\t,2021年\t,\n广东省\t,12.5\t,11\t,\n河北省\t,3\t,2.25\t,\n"
    "注：SYNTHETIC test export\n数据来源：none\n"
)


def _records(tmp_path):
    path = tmp_path / "synthetic_export.csv"
    path.write_text(EXPORT, encoding="gb18030")
    return read_raw(path, reader="portal").assign(source_id="synthetic", vintage="")


def test_columns_carried_through_parse_and_normalise_are_shared_not_copied(tmp_path):
    records, rejected = parse_values(_records(tmp_path).assign(repair=""))
    rows, problems = normalise(records)
    assert problems == [] and len(rejected) == 0 and len(rows) == 4
    for column in ("file", "source_ref", "note", "source_id"):
        assert np.shares_memory(rows[column].to_numpy(), records[column].to_numpy()), column


def test_a_rule_flagging_records_leaves_the_callers_records_unchanged(tmp_path, tmp_path_factory):
    records = _records(tmp_path)
    rules_file = tmp_path_factory.mktemp("rules") / "cleaning_rules.yaml"
    rules_file.write_text(
        "- id: synthetic_suspect\n  match: {region: 广东省}\n  action: suspect\n  reason: SYNTHETIC test rule\n",
        encoding="utf-8",
    )
    before = records.copy()
    kept, _, unused = apply_rules(records, load_rules(rules_file))
    assert unused == [] and (kept["flags"] == "suspect:synthetic_suspect").sum() == 2
    assert records.equals(before) and "flags" not in records.columns


def test_resolve_ranks_as_the_stated_rule_on_integer_keys():
    """The ranking on integer codes keeps, per cell, the row a full sort by the stated rule puts first
    (SYNTHETIC rows: three sources, unknown reliability last, later edition first, then the row)."""
    import pandas as pd

    from qy_analysis.cleaning.resolve import _conflicts, resolve
    from qy_analysis.ingest.rules import RELIABILITY_PRIORITY

    rng = np.random.default_rng(0)
    n = 400
    rows = pd.DataFrame(
        {
            "region_code": rng.choice(["440000", "441800", "130000"], n),
            "region": "r",
            "indicator": rng.choice(["patents", "gdp"], n),
            "year": rng.integers(2015, 2018, n),
            "unit": "u",
            "value": rng.choice([1.0, 1.001, 2.0], n),
            "source_id": rng.choice(["a", "b", "c"], n),
            "reliability": rng.choice([*RELIABILITY_PRIORITY, None], n),
            "source_ref": "s",
            "source_key": rng.choice(["2019 edition", "2020 edition", None], n),
            "file": "f",
            "row": rng.permutation(n),
        }
    )
    kept, conflicts = resolve(rows, ["b", "a", "c"])
    ranked = rows.assign(
        _p=rows["reliability"].map(RELIABILITY_PRIORITY), _o=rows["source_id"].map({"b": 0, "a": 1, "c": 2})
    ).sort_values(
        ["region_code", "indicator", "year", "_p", "_o", "source_key", "row"],
        ascending=[True, True, True, True, True, False, True],
        kind="stable",
    )
    expected = ranked.drop_duplicates(["region_code", "indicator", "year"]).drop(columns=["_p", "_o"])
    pd.testing.assert_frame_equal(kept, expected)
    several = ranked[ranked.duplicated(["region_code", "indicator", "year"], keep=False)].drop(columns=["_p", "_o"])
    pd.testing.assert_frame_equal(conflicts, _conflicts(several))
    assert len(conflicts) > 0 and conflicts["n_records"].min() > 1
