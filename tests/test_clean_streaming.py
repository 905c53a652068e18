"""Issue 18 (scale): a portal text export is read and cleaned a part at a time, and records repeated exactly are
kept once with their count, so `qy clean`'s memory follows the part and the distinct records, not the file.
SYNTHETIC exports and rows throughout; the memory itself is measured in benchmarks/bench_clean.py."""

import numpy as np
import pandas as pd
import pytest

from qy_analysis import DataError
from qy_analysis.cleaning import pipeline
from qy_analysis.cleaning.repeats import class_medians, merge_repeats
from qy_analysis.cleaning.resolve import agreeing_cells, resolve
from qy_analysis.ingest.readers import portal
from qy_analysis.ingest.readers.common import text_lines
from qy_analysis.ingest.readers.portal import parse_portal_rows, portal_csv_rows, portal_text_chunks

PROVINCES = ["广东省", "河北省", "山西省", "北京市"]


def _export(rows: int, bad_region_every: int = 0) -> str:
    """A SYNTHETIC regions × years export whose provinces repeat with the same figures, one empty cell per
    province, and a mis-spelt region every `bad_region_every` rows."""
    lines = [
        "数据库：分省年度数据",
        "指标：专利申请受理量(件)",
        "时间：2019年-2021年",
        "地区\t,2021年\t,2020年\t,2019年\t,",
    ]
    for n in range(rows):
        p = n % len(PROVINCES)
        region = "广东X" if bad_region_every and n % bad_region_every == bad_region_every - 1 else PROVINCES[p]
        lines.append(f"{region}\t,{10 + p}.5\t,{9 + p}\t,{'' if p == 1 else 8 + p}\t,")
    return "\r\n".join([*lines, "注：SYNTHETIC test export", "数据来源：none"]) + "\r\n"


def _registered(tmp_path, name: str, reader: str):
    """A raw folder whose registry names one SYNTHETIC file (written by the caller)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sources.csv").write_text(
        "source_id,file,reader,title,publisher,url,table,reliability,note\n"
        f"synth,{name},{reader},Synthetic,tests,none,none,final,SYNTHETIC\n",
        encoding="utf-8",
    )
    return raw


def _raw(tmp_path, rows: int, **kwargs):
    raw = _registered(tmp_path, "synthetic_export.csv", "portal")
    (raw / "synthetic_export.csv").write_bytes(_export(rows, **kwargs).encode("gb18030"))
    return raw


@pytest.mark.parametrize(
    "name, indicator",
    [
        ("synthetic_portal_regions_years_gbk.csv", "专利申请受理量(件)"),
        ("synthetic_portal_regions_years_named.csv", None),
        ("synthetic_portal_indicators_years.csv", None),
        ("synthetic_portal_regions_indicators.csv", None),
    ],
)
def test_a_text_export_read_in_parts_gives_the_records_read_whole(fixtures, name, indicator):
    path = fixtures / name
    whole = parse_portal_rows(portal_csv_rows("".join(text_lines(path)), path), path, indicator)
    parts = [records for records, _, _ in portal_text_chunks(path, indicator, chunk_cells=3)]
    assert len(parts) > 1
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)


def test_a_streamed_export_keeps_its_notes_crlf_and_gb18030(tmp_path):
    raw = _raw(tmp_path, 10)
    path = raw / "synthetic_export.csv"
    parts = list(portal_text_chunks(path, chunk_cells=7))
    assert [(done, total) for _, done, total in parts] == [(2, 10), (4, 10), (6, 10), (8, 10), (10, 10)]
    records = pd.concat([p for p, _, _ in parts], ignore_index=True)
    assert set(records["note"]) == {"注:SYNTHETIC test export 数据来源:none"}  # NFKC, as read whole
    assert records["row"].tolist()[:3] == [5, 5, 5] and records["row"].max() == 14
    pd.testing.assert_frame_equal(records, parse_portal_rows(portal_csv_rows("".join(text_lines(path)), path), path))


def test_a_streamed_export_with_data_after_its_notes_is_refused_before_any_record(tmp_path):
    path = tmp_path / "synthetic_export.csv"
    path.write_text(_export(6) + "广东省\t,1\t,2\t,3\t,\r\n", encoding="gb18030")
    with pytest.raises(DataError, match=r"row 13: '广东省': expected only notes"):
        next(portal_text_chunks(path, chunk_cells=3))


def _clean(raw, monkeypatch, chunk_cells: int):
    monkeypatch.setattr(portal, "CHUNK_CELLS", chunk_cells)
    seen = []
    normalise = pipeline.normalise

    def counting(records, **kwargs):
        seen.append(len(records))
        return normalise(records, **kwargs)

    monkeypatch.setattr(pipeline, "normalise", counting)
    return pipeline.build(raw), seen


def test_clean_normalises_an_export_a_part_at_a_time_with_the_same_result(tmp_path, monkeypatch):
    raw = _raw(tmp_path, 40)
    in_parts, seen = _clean(raw, monkeypatch, chunk_cells=9)
    assert len(seen) == 14 and max(seen) == 9  # 3 rows of 3 years at a time
    whole, seen = _clean(raw, monkeypatch, chunk_cells=10**6)
    assert seen == [120]
    for name in ("panel", "conflicts", "coverage", "warnings", "excluded", "rejected"):
        pd.testing.assert_frame_equal(getattr(in_parts, name), getattr(whole, name))
    assert in_parts.stats == whole.stats and whole.stats["agreeing"] == 11 and whole.stats["missing"] == 10
    kept = whole.panel[~whole.panel["derived"]]
    assert len(kept) == 11 and kept["row"].max() <= 8  # each cell's first row is the one kept


def test_problems_beyond_the_listed_ones_are_counted_once_across_parts(tmp_path, monkeypatch):
    raw = _raw(tmp_path, 60, bad_region_every=2)  # 30 rows of a mis-spelt region, 3 cells each
    monkeypatch.setattr(pipeline, "MAX_PROBLEMS", 5)
    monkeypatch.setattr(portal, "CHUNK_CELLS", 12)
    with pytest.raises(DataError) as err:
        pipeline.build(raw)
    listed = [p for p in err.value.problems if "广东X" in str(p)]
    assert len(listed) == 5 and str(err.value.problems[-1]).startswith("... and 85 more records")
    assert len(err.value.problems) == 6


def _rows(**columns) -> pd.DataFrame:
    n = len(columns["value"])
    base = {"region_code": "440000", "indicator": "gdp", "year": 2020, "source_id": "a", "file": "f", "flags": ""}
    return pd.DataFrame({**{k: [v] * n for k, v in base.items()}, "row": range(1, n + 1), **columns})


def test_repeated_plain_records_are_kept_once_first_row_counted_across_merges():
    rows = _rows(value=[1.0, 1.0, 2.0, 1.0, 1.0, np.nan, np.nan], flags=["", "", "", "suspect:x", "", "", ""])
    merged = merge_repeats(rows)
    assert merged["row"].tolist() == [1, 3, 4, 6, 7]  # flagged and missing records stay one by one
    assert merged["copies"].tolist() == [3, 1, 1, 1, 1]
    again = merge_repeats(pd.concat([merged, merge_repeats(rows.assign(row=rows["row"] + 10))], ignore_index=True))
    assert again["row"].tolist() == [1, 3, 4, 6, 7, 14, 16, 17] and again["copies"].tolist()[:2] == [6, 2]


def test_class_medians_weigh_each_row_by_its_copies():
    rng = np.random.default_rng(1)
    values = pd.Series(rng.choice([1.0, 2.0, 5.0, 7.5, np.nan], 60))
    weight = pd.Series(rng.integers(1, 4, 60))
    classes = pd.Series(rng.choice(["x", "y", "z"], 60))
    expanded = pd.DataFrame({"v": values, "c": classes}).loc[np.repeat(np.arange(60), weight)]
    expected = expanded.groupby("c")["v"].median()
    got = class_medians(values, weight, [classes])
    assert np.allclose(got.to_numpy(), classes.map(expected).to_numpy())


def test_a_conflict_counts_repeated_records_and_lists_each_once():
    rows = _rows(value=[5.0, 5.0, 5.0, 6.0], source_id=["a", "a", "a", "b"], reliability="final")
    rows = rows.assign(region="广东省", unit="亿元", source_ref="s", source_key="k")
    merged = merge_repeats(rows)
    kept, conflicts = resolve(merged, ["a", "b"])
    assert kept["row"].tolist() == [1] and conflicts["n_records"].tolist() == [4]
    assert conflicts["others"].tolist() == ["b=6@f:4"]
    kept, conflicts = resolve(merge_repeats(rows.assign(source_id=["b", "b", "b", "a"])), ["a", "b"])
    assert kept["row"].tolist() == [4] and conflicts["others"].tolist() == ["b=5@f:1×3"]
    assert agreeing_cells(merged) == 0 and agreeing_cells(merge_repeats(rows.iloc[:3])) == 1


def test_a_transcription_read_in_parts_gives_the_records_read_whole(fixtures, tmp_path):
    from qy_analysis.ingest.readers.transcription import transcription_chunks

    path = fixtures / "synthetic_transcription.csv"
    parts = [records for records, _, _ in transcription_chunks(path, chunk_rows=2)]
    assert len(parts) > 1
    (whole, _, _), *rest = transcription_chunks(path, chunk_rows=10**6)
    assert rest == []
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)
    bad = tmp_path / "synthetic_bad.csv"
    bad.write_text("region,year,indicator,value,unit\n广东省,2020,gdp,1,亿元\n\n广东省,2021,gdp,1\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"synthetic_bad.csv, row 4: 4 cells: expected 5"):
        list(transcription_chunks(bad, chunk_rows=1))


def test_a_registry_without_files_is_refused_in_one_line(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sources.csv").write_text("source_id,file,reader,title,publisher,url,table,reliability,note\n")
    with pytest.raises(DataError, match=r"sources.csv: no registered file; expected a row per file"):
        pipeline.build(raw)


def test_a_file_of_only_district_figures_is_refused_whole_not_by_its_first_part(tmp_path, monkeypatch):
    from qy_analysis.ingest.readers import transcription

    monkeypatch.setattr(transcription, "CHUNK_ROWS", 2)
    raw = _registered(tmp_path, "synthetic.csv", "transcription")

    def table(scopes):
        lines = [f"清远市,{2010 + n},专利申请量,{700 + n},件,{s}" for n, s in enumerate(scopes)]
        (raw / "synthetic.csv").write_text("region,year,indicator,value,unit,scope\n" + "\n".join(lines) + "\n")

    table(["市辖区", "市辖区", "全市", "全市"])
    assert len(pipeline.build(raw).panel.query("not derived")) == 2
    table(["市辖区"] * 5)
    with pytest.raises(DataError, match=r"only 市辖区 \(urban-district\) figures \(5\)"):
        pipeline.build(raw)


def test_the_shipped_data_cleaned_in_small_parts_gives_the_same_outputs(raw_dir, monkeypatch):
    from qy_analysis.ingest.readers import transcription

    whole = pipeline.build(raw_dir)
    monkeypatch.setattr(portal, "CHUNK_CELLS", 400)
    monkeypatch.setattr(transcription, "CHUNK_ROWS", 150)  # every file of more than 150 rows in parts
    in_parts = pipeline.build(raw_dir)
    for name in ("panel", "conflicts", "coverage", "warnings", "excluded", "rejected"):
        pd.testing.assert_frame_equal(getattr(in_parts, name), getattr(whole, name))
    assert in_parts.stats == whole.stats


def test_errors_beyond_the_listed_ones_are_counted_not_listed(tmp_path, monkeypatch):
    from qy_analysis.cleaning import validate

    raw = _registered(tmp_path, "synthetic.csv", "transcription")
    lines = [f"清远市,{2000 + n},专利申请量,-{n + 1},件" for n in range(12)]
    (raw / "synthetic.csv").write_text("region,year,indicator,value,unit\n" + "\n".join(lines) + "\n")
    monkeypatch.setattr(validate, "MAX_PROBLEMS", 4)
    with pytest.raises(DataError) as err:
        pipeline.build(raw)
    assert [p.check for p in err.value.problems[:4]] == ["negative"] * 4
    assert (
        str(err.value.problems[4])
        == "... and 8 more records with a negative value, a share outside 0-100, a bad year or a second value"
    )
    assert len(err.value.problems) == 5


def test_equal_texts_are_made_one_object_and_missing_ones_kept_as_they_were():
    from qy_analysis.cleaning.repeats import share_texts

    rows = pd.DataFrame(
        {
            "source_ref": ["".join(["edition=", "2020"]) for _ in range(4)],
            "reliability": pd.Series([None, "final", None, "final"], dtype=object),
            "scope": [np.nan, "全市", np.nan, "全市"],
            "value": [1.0, 2.0, 3.0, 4.0],
        }
    )
    assert len({id(v) for v in rows["source_ref"].to_numpy()}) == 4
    shared = share_texts(rows)
    pd.testing.assert_frame_equal(shared, rows)
    assert len({id(v) for v in shared["source_ref"].to_numpy()}) == 1
    assert shared["reliability"].tolist()[0] is None and np.isnan(shared["scope"].tolist()[0])


@pytest.mark.parametrize("name", ["synthetic_portal_regions_years_named.csv", "synthetic_transcription.csv"])
def test_qy_read_as_csv_writes_a_part_at_a_time_what_it_writes_whole(fixtures, name, monkeypatch, capsys):
    from qy_analysis.cli import main
    from qy_analysis.ingest.readers import transcription

    assert main(["read", str(fixtures / name), "--format", "csv"]) == 0
    whole = capsys.readouterr()
    monkeypatch.setattr(portal, "CHUNK_CELLS", 2)
    monkeypatch.setattr(transcription, "CHUNK_ROWS", 2)
    assert main(["read", str(fixtures / name), "--format", "csv"]) == 0
    in_parts = capsys.readouterr()
    assert in_parts.out == whole.out and in_parts.err == whole.err
    assert whole.out.count("\n") > 4 and whole.err.startswith("# ")


def test_qy_add_reads_a_download_in_parts_and_says_what_it_says_of_it_whole(tmp_path, raw_dir, monkeypatch):
    import shutil

    from qy_analysis.ingest.register import add_source

    download = tmp_path / "synthetic_download.csv"
    download.write_bytes(_export(30).encode("gb18030"))
    second = shutil.copytree(raw_dir, tmp_path / "second_raw")
    said_whole, said_in_parts = [], []
    whole = add_source(download, raw_dir, source_url="http://example.invalid/synthetic", echo=said_whole.append)
    monkeypatch.setattr(portal, "CHUNK_CELLS", 6)
    in_parts = add_source(download, second, source_url="http://example.invalid/synthetic", echo=said_in_parts.append)
    assert in_parts == whole and said_in_parts[:-1] == said_whole[:-1]
    assert "# patent_applications: 90 values, 4 regions, years 2019-2021" in said_whole, said_whole
