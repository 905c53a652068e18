import pytest

from qy_analysis.errors import IndicatorError, RegionError
from qy_analysis.reference import catalogue
from qy_analysis.reference.regions import region_code, region_name, region_table, regions_in_group


@pytest.mark.parametrize(
    "name", ["清远", "清远市", "Qingyuan", "441800", "\u00a0\u00a0清远巿", "\u3000清远市 ", "QINGYUAN"]
)
def test_qingyuan_aliases(name):
    assert region_code(name) == "441800"


@pytest.mark.parametrize(
    "name, code",
    [
        ("广东省", "440000"),
        ("广东", "440000"),
        ("Guangdong", "440000"),
        ("440000", "440000"),
        ("内蒙古", "150000"),
        ("全国", "000000"),
        ("新疆维吾尔自治区", "650000"),
        ("Xizang", "540000"),
    ],
)
def test_province_aliases(name, code):
    assert region_code(name) == code


def test_region_table_is_complete():
    table = region_table()
    assert (table.level == "province").sum() == 31
    assert (table.parent == "440000").sum() == 21
    assert regions_in_group("mountain") == ["440200", "441400", "441600", "441800", "445300"]
    assert region_name("441800", "en") == "Qingyuan"


def test_unknown_region_is_an_error():
    with pytest.raises(RegionError, match="unknown region '石嘴山市'"):
        region_code("石嘴山市")


@pytest.mark.parametrize(
    "name, ind",
    [
        ("专利申请量", "patent_applications"),
        ("专利申请受理量", "patent_applications"),
        ("专利申请数", "patent_applications"),
        ("公共财政支出", "budget_expenditure"),
        ("地方一般公共预算支出 / 科学技术支出", "st_expenditure"),
        ("专利授权数 / 发明", "patent_grants_invention"),
        ("rd_expenditure_100m", "rd_expenditure"),
    ],
)
def test_indicator_aliases(name, ind):
    assert catalogue.indicator_id(name) == ind


def test_catalogue_entries_are_bilingual_with_units():
    for ind in catalogue.catalogue().values():
        assert ind.zh and ind.en and ind.unit and ind.kind in catalogue.KINDS
    assert catalogue.get("fiscal_st_share").derived == {
        "numerator": "st_expenditure",
        "denominator": "budget_expenditure",
    }
    assert catalogue.growth_id("gdp") == "gdp_growth"
    assert catalogue.growth_id("patent_applications") == "patent_applications_growth"


def test_unknown_indicator_is_an_error():
    with pytest.raises(IndicatorError, match="unknown indicator '人均绿地'"):
        catalogue.indicator_id("人均绿地")
