"""Peers come from the region table (the region's parent), not from a hard-coded province."""
from qy_analysis.targets.peers import min_ranked, siblings


def test_a_city_is_ranked_among_its_provinces_cities():
    cities = siblings("441800")
    assert len(cities) == 21 and "441800" in cities and "440100" in cities
    assert min_ranked("441800") == 14
    provinces = siblings("440000")
    assert len(provinces) == 31 and "440000" in provinces
