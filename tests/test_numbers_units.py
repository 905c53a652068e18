"""Number, year and unit parsing: examples from real publications, and properties (hypothesis)."""

import math
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qy_analysis.errors import UnitError
from qy_analysis.reference.numbers import is_missing, parse_number, parse_year
from qy_analysis.reference.units import conversion_factor, parse_unit, split_name_unit

FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("１２，３４５．６", 12345.6),
        ("1,234\n", 1234.0),
        (" 45① ", 45.0),
        ("123*", 123.0),
        ("7[2]", 7.0),
        ("-12.3", -12.3),
        ("−5", -5.0),
        ("12¹", 12.0),
        ("\u00a019610\u3000", 19610.0),
        (42, 42.0),
    ],
)
def test_parse_number_examples(text, expected):
    assert parse_number(text) == expected


def test_a_percent_sign_only_where_the_unit_is_a_share_or_growth():
    assert parse_number("3.2%", percent=True) == 3.2
    with pytest.raises(ValueError, match="carries a % sign but its unit is not a share"):
        parse_number("3.5%")


@pytest.mark.parametrize("marker", ["", "…", "……", "—", "-", "--", "空", "无", "NA", " ", None, float("nan")])
def test_missing_markers_are_none(marker):
    assert parse_number(marker) is None
    assert is_missing(marker)


@pytest.mark.parametrize("text", ["12a3", "1,23,4", "约100", "1.2.3", ">170000", "inf"])
def test_unreadable_numbers_raise_naming_the_text(text):
    with pytest.raises(ValueError, match="not a"):
        parse_number(text)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(lambda x: round(x, 4)))
def test_round_trip_plain_and_full_width(x):
    text = repr(x) if "e" not in repr(x) else f"{x:.4f}"
    assert parse_number(text) == pytest.approx(x)
    assert parse_number(text.translate(FULL_WIDTH)) == pytest.approx(x)


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:,}".translate(FULL_WIDTH)) == n


@given(st.integers(min_value=1949, max_value=2100), st.sampled_from(["", "年", "年度"]))
def test_year_labels(year, suffix):
    assert parse_year(f"{year}{suffix}") == year
    assert parse_year(unicodedata.normalize("NFKC", f"{year}{suffix}").translate(FULL_WIDTH)) == year


@pytest.mark.parametrize("text", ["2014-2018", "20xx", "2012.5"])
def test_year_ranges_are_not_years(text):
    with pytest.raises(ValueError):
        parse_year(text)


@given(st.sampled_from(["元", "万元", "亿元", "万亿元"]), st.sampled_from(["元", "万元", "亿元", "万亿元"]))
def test_money_conversions_compose(a, b):
    assert conversion_factor(a, b) * conversion_factor(b, a) == pytest.approx(1.0)
    assert math.isclose(conversion_factor(a, "元") / conversion_factor(b, "元"), conversion_factor(a, b))


def test_units_of_each_kind():
    assert conversion_factor("万元", "亿元") == pytest.approx(1e-4)
    assert conversion_factor("万人", "人") == 1e4
    assert conversion_factor("项", "件") == 1.0
    assert conversion_factor("家", "个") == 1.0
    assert parse_unit("（亿元）") == ("yuan", 1e8)
    assert parse_unit("上年=100") == ("index", 1.0)
    assert parse_unit("%yoy") == ("growth", 1.0)
    with pytest.raises(UnitError, match="cannot be converted"):
        conversion_factor("件", "亿元")
    with pytest.raises(UnitError, match="unknown unit"):
        parse_unit("furlongs")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("地区生产总值 (亿元) ", ("地区生产总值", "亿元")),
        ("居民消费价格指数 (上年=100)", ("居民消费价格指数", "上年=100")),
        ("人均地区生产总值 (元/人)", ("人均地区生产总值", "元/人")),
        ("地区生产总值(当年价格)", ("地区生产总值(当年价格)", None)),
    ],
)
def test_units_inside_names(name, expected):
    assert split_name_unit(name) == expected
