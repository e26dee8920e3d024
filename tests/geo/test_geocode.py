"""geocode(): spellings -> places, qualifiers -> kinds, and names that must give nothing."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.gazetteer import load_gazetteer
from geo.geocode import geocode, split_qualifier
from geo.geojson import distance_km, representative_point

# (spelling as a report might write it, the place it means). Most spellings
# here do not occur in the shared corpus; they come from Azerbaijani Latin,
# Armenian and Russian transliterations, historic and contested names.
SPELLINGS = [
    # Ganja
    ("Ganja", "gn:586523"), ("Gəncə", "gn:586523"), ("Gence", "gn:586523"), ("Ganca", "gn:586523"),
    ("Gyandzha", "gn:586523"), ("Gandzha", "gn:586523"), ("Kirovabad", "gn:586523"), ("GANJA", "gn:586523"),
    ("ganja", "gn:586523"), ("Ganja's", "gn:586523"), ("the city of Ganja", "gn:586523"),
    # Stepanakert / Khankendi
    ("Stepanakert", "gn:146970"), ("Khankendi", "gn:146970"), ("Xankəndi", "gn:146970"),
    ("Xankendi", "gn:146970"), ("Khankandi", "gn:146970"), ("on the outskirts of Stepanakert", "gn:146970"),
    # Shusha / Shushi
    ("Shusha", "gn:147105"), ("Şuşa", "gn:147105"), ("Shushi", "gn:147105"), ("Susa", "gn:147105"),
    # Lachin town and district
    ("Lachin", "gn:147625"), ("Laçın", "gn:147625"), ("Lacin", "gn:147625"), ("Laxin", "gn:147625"),
    ("Berdzor", "gn:147625"), ("Lachin district", "dist:lachin"), ("Laxin district", "dist:lachin"),
    ("Lachin region", "dist:lachin"), ("Laçın rayonu", "dist:lachin"), ("Kashatagh", "dist:lachin"),
    # Kalbajar
    ("Kalbajar", "gn:586268"), ("Kəlbəcər", "gn:586268"), ("Kelbajar", "gn:586268"), ("Karvachar", "gn:586268"),
    ("Kalbajar district", "dist:kalbajar"),
    # Aghdam
    ("Aghdam", "gn:148619"), ("Ağdam", "gn:148619"), ("Agdam", "gn:148619"), ("Aghdam region", "dist:aghdam"),
    ("Agdam district", "dist:aghdam"),
    # Fuzuli
    ("Fuzuli", "gn:148106"), ("Füzuli", "gn:148106"), ("Fizuli", "gn:148106"), ("Fizuli district", "dist:fuzuli"),
    # Jabrayil
    ("Jabrayil", "gn:148141"), ("Cəbrayıl", "gn:148141"), ("Jebrail", "gn:148141"), ("Jabrail", "gn:148141"),
    ("Jabrayil district", "dist:jabrayil"),
    # Zangilan, Gubadly
    ("Zangilan", "gn:146901"), ("Zəngilan", "gn:146901"), ("Kovsakan", "gn:146901"),
    ("Gubadly", "gn:147305"), ("Qubadlı", "gn:147305"), ("Kubatly", "gn:147305"), ("Qubadli", "gn:147305"),
    # Khojavend / Martuni, Khojaly
    ("Khojavend", "gn:146969"), ("Xocavənd", "gn:146969"), ("Khojavend district", "dist:khojavend"),
    ("Khojaly", "gn:147774"), ("Xocalı", "gn:147774"),
    # Tartar, Tovuz, Gadabay, Dashkasan
    ("Tartar", "gn:584871"), ("Tərtər", "gn:584871"), ("Terter", "gn:584871"), ("Tartar district", "dist:tartar"),
    ("Tovuz", "gn:584821"), ("the Tovuz direction", "dist:tovuz"), ("Tovuz district", "dist:tovuz"),
    ("Gadabay", "gn:586573"), ("Gədəbəy", "gn:586573"), ("Gedabek", "gn:586573"),
    ("Dashkasan", "gn:586765"), ("Daşkəsən", "gn:586765"), ("Dashkesan", "gn:586765"),
    # small places from the supplement
    ("Hadrut", "sup:hadrut"), ("Hadrud", "sup:hadrut"), ("Gadrut", "sup:hadrut"),
    ("Martakert", "sup:martakert"), ("Mardakert", "sup:martakert"), ("Aghdara", "sup:martakert"),
    ("Ağdərə", "sup:martakert"), ("Talish", "sup:talish"), ("Talış", "sup:talish"), ("Talysh", "sup:talish"),
    ("Madagiz", "sup:madagiz"), ("Suqovuşan", "sup:madagiz"), ("Sugovushan", "sup:madagiz"),
    ("Sarıbaba", "sup:saribaba"), ("Saribaba", "sup:saribaba"), ("Sarybaba", "sup:saribaba"),
    ("Zaribaba", "sup:saribaba"), ("Zaribaba region", "sup:saribaba"), ("Saribaba heights", "sup:saribaba"),
    ("Girkhgiz", "sup:girkhgiz"), ("Qırxqız", "sup:girkhgiz"), ("Lele Tepe", "sup:lele-tepe"),
    ("Lələ Təpə", "sup:lele-tepe"), ("Lalatapa", "sup:lele-tepe"), ("Horadiz", "gn:148003"),
    # Nakhchivan: the exclave, unless the city is asked for
    ("Nakhchivan", "area:nakhchivan"), ("Naxçıvan", "area:nakhchivan"), ("Naxcivan", "area:nakhchivan"),
    ("Nakhichevan", "area:nakhchivan"), ("Naxcivan exclave", "area:nakhchivan"),
    ("Nakhchivan city", "gn:147429"), ("the city of Nakhchivan", "gn:147429"),
    # the region and the lines
    ("Nagorno-Karabakh", "area:nagorno-karabakh"), ("Nagorno Karabakh", "area:nagorno-karabakh"),
    ("Nagorny Karabakh", "area:nagorno-karabakh"), ("Karabakh", "area:nagorno-karabakh"),
    ("Artsakh", "area:nagorno-karabakh"), ("NKR", "area:nagorno-karabakh"),
    ("Dağlıq Qarabağ", "area:nagorno-karabakh"), ("Nagorno-Karabakh region", "area:nagorno-karabakh"),
    ("line of contact", "line:contact-1994"), ("Line of Contact", "line:contact-1994"),
    ("contact line", "line:contact-1994"), ("front line", "line:contact-1994"),
    ("Armenia-Azerbaijan border", "line:am-az-border"), ("Armenian-Azerbaijani border", "line:am-az-border"),
    # capitals, countries, Armenian provinces and towns, other Azerbaijani towns (GeoNames, uncurated)
    ("Baku", "gn:587084"), ("Bakı", "gn:587084"), ("Yerevan", "gn:616052"), ("Erevan", "gn:616052"),
    ("Armenia", "area:armenia"), ("Azerbaijan", "area:azerbaijan"), ("Azərbaycan", "area:azerbaijan"),
    ("Syunik", "prov:syunik"), ("Syunik province", "prov:syunik"), ("Gegharkunik", "prov:gegharkunik"),
    ("Tavush", "prov:tavush"), ("Vayots Dzor", "prov:vayots-dzor"), ("Ararat Province", "prov:ararat"),
    ("Berd", "gn:616802"), ("Jermuk", "gn:174884"), ("Goris", "gn:174895"), ("Sotk", "gn:616041"),
    ("Vardenis", "gn:616108"), ("Kapan", "gn:174875"), ("Ghapan", "gn:174875"), ("Meghri", "gn:174823"),
    ("Ijevan", "gn:616627"), ("Chinari", "gn:616780"), ("Gyumri", "gn:616635"), ("Leninakan", "gn:616635"),
    ("Vanadzor", "gn:616530"), ("Sisian", "gn:174763"), ("Sumgait", "gn:584923"), ("Sumqayıt", "gn:584923"),
    ("Mingəçevir", "gn:585514"), ("Şəmkir", "gn:585152"), ("Barda", "gn:587057"), ("Yevlakh", "gn:584649"),
    ("Beylagan", "gn:148354"), ("Lankaran", "gn:147622"),
]


def test_table_is_big_enough() -> None:
    assert len(SPELLINGS) >= 80
    assert len({s for s, _ in SPELLINGS}) == len(SPELLINGS), "a spelling is listed twice"


@pytest.mark.parametrize(("spelling", "place_id"), SPELLINGS)
def test_spelling_resolves(spelling: str, place_id: str) -> None:
    result = geocode(spelling)
    assert result.found, f"{spelling!r}: {result.reason}"
    assert result.place is not None and result.place.id == place_id, (spelling, result)
    assert 0 < result.confidence <= 1
    assert result.precision == result.place.precision


NOT_IN_REGION = ["Donetsk", "Luhansk", "Moscow", "Tehran", "Ankara", "Paris", "Georgia", "Istanbul"]
NOT_PLACES = ["Defense", "Ministry", "Armenian", "Azerbaijani", "Ceasefire", "Lavrov", "Aliyev", "Xyzzyq", "", "   ",
              "the", "South Caucasus", "Soviet Union"]


@pytest.mark.parametrize("name", NOT_IN_REGION)
def test_places_outside_the_region_are_not_found(name: str) -> None:
    result = geocode(name)
    assert not result.found and result.place is None and result.precision is None
    assert result.reason.startswith("outside region")


@pytest.mark.parametrize("name", NOT_PLACES)
def test_words_that_are_not_places_give_nothing(name: str) -> None:
    result = geocode(name)
    assert not result.found, (name, result)
    assert result.confidence == 0.0 and result.reason


def test_moscow_asked_for_in_the_region_is_not_found() -> None:
    for country in ("AM", "AZ"):
        assert not geocode("Moscow", country=country).found


@pytest.mark.parametrize(("name", "reason_start"), [("Teghut", "ambiguous"), ("Shenavan", "ambiguous"), ("Ararat", "ambiguous")])
def test_ambiguous_names_give_nothing_with_candidates(name: str, reason_start: str) -> None:
    result = geocode(name)
    assert not result.found
    assert result.reason.startswith(reason_start) and "," in result.reason


def test_context_too_close_to_call_stays_ambiguous() -> None:
    gaz = load_gazetteer()  # Vanadzor lies 37 km from one Teghut and 45 km from the other
    assert geocode("Teghut", context=[gaz.get("gn:616530")]).reason.startswith("ambiguous")


@pytest.mark.parametrize(("name", "context_id", "expected"), [
    ("Teghut", "gn:616627", "gn:823752"),  # near Ijevan: Tavush's Teghut
    ("Shenavan", "gn:616530", "gn:616230"),  # near Vanadzor: Aragatsotn's, not Armavir's
])
def test_context_settles_ambiguous_names(name: str, context_id: str, expected: str) -> None:
    gaz = load_gazetteer()
    result = geocode(name, context=[gaz.get(context_id)])
    assert result.place is not None and result.place.id == expected
    assert "context" in result.reason


@pytest.mark.parametrize(("name", "country", "expected"), [
    ("Martuni", None, "gn:146969"), ("Martuni", "AZ", "gn:146969"), ("Martuni", "AM", "gn:616438"),
    ("Tovuz", "AZ", "gn:584821"),
])
def test_country_restricts_the_answer(name: str, country: str | None, expected: str) -> None:
    result = geocode(name, country=country)
    assert result.place is not None and result.place.id == expected


def test_fuzzy_fallback_takes_light_typos_only() -> None:
    near = geocode("Stepanakertt")
    assert near.place is not None and near.place.id == "gn:146970"
    assert near.confidence < 0.95
    fuzzy = geocode("Madagis")  # one letter off a curated name, not a transliteration
    assert fuzzy.place is not None and fuzzy.place.id == "sup:madagiz" and fuzzy.reason.startswith(("fuzzy", "variant"))
    assert not geocode("Stopanokirtt").found  # too far from anything


def test_exact_beats_folded_beats_variant_in_confidence() -> None:
    exact, folded, variant = geocode("Gəncə"), geocode("gence"), geocode("Zaribaba")
    assert exact.reason == "exact" and folded.reason == "folded" and variant.reason == "variant"
    assert exact.confidence > folded.confidence > variant.confidence


@pytest.mark.parametrize(("raw", "core", "qualifier"), [
    ("Ganja's", "Ganja", "possessive"), ("the Tovuz direction", "Tovuz", "direction"),
    ("Aghdam region", "Aghdam", "region"), ("on the outskirts of Stepanakert", "Stepanakert", "outskirts"),
    ("Fizuli district", "Fizuli", "district"), ("Nakhchivan city", "Nakhchivan", "city"),
    ("city of Nakhchivan", "Nakhchivan", "city"), ("Hadrut", "Hadrut", None), ("“Lachin”", "Lachin", None),
    ("district", "district", None),
])
def test_split_qualifier(raw: str, core: str, qualifier: str | None) -> None:
    assert split_qualifier(raw) == (core, qualifier)


@pytest.mark.parametrize(("name", "precision"), [
    ("Hadrut", "point"), ("Sarıbaba", "point"), ("Lachin district", "area"), ("Nakhchivan", "area"),
    ("Karabakh", "area"), ("line of contact", "line"), ("Armenia-Azerbaijan border", "line"), ("Syunik", "area"),
])
def test_precision(name: str, precision: str) -> None:
    assert geocode(name).precision == precision


@pytest.mark.parametrize(("gold_name", "spelling"), [
    ("Ganja", "Ganca"), ("Stepanakert", "Stepanakert"), ("Hadrut", "Hadrut"), ("Lachin", "Laxin district"),
    ("Lachin", "Laxin"), ("Sarybaba", "Zaribaba"), ("Nakhchivan", "Naxcivan"), ("Nagorno-Karabakh", "Nagorno-Karabakh"),
])
def test_places_meet_the_gold_tolerance(gold_path: Path, gold_name: str, spelling: str) -> None:
    """The representative point of what a corpus spelling resolves to lies within the gold file's tolerance."""
    ref = json.loads(gold_path.read_text(encoding="utf-8"))["places"][gold_name]
    place = geocode(spelling).place
    assert place is not None
    at = representative_point(place.geometry())
    assert distance_km(at, tuple(ref["at"])) <= ref["km"], (spelling, at)


def test_doc_examples_run() -> None:
    import doctest

    import geo.gazetteer
    import geo.geocode
    import geo.geojson
    import geo.names

    for module in (geo.names, geo.geojson, geo.gazetteer, geo.geocode):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
