"""find_mentions(): places named in running text, and words that must not count as places."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.geocode import find_mentions, geocode

# Sentences written for these tests (not taken from any article), with the
# (surface, place id, qualifier) mentions each must yield, in order.
SENTENCES = [
    ("Overnight shelling struck flats in Gəncə and the outskirts of Khankendi, officials in Baku said.",
     [("Gəncə", "gn:586523", None), ("Khankendi", "gn:146970", "outskirts"), ("Baku", "gn:587084", None)]),
    ("Troops traded fire along the Line of Contact near Talysh and Madagiz.",
     [("Line of Contact", "line:contact-1994", None), ("Talysh", "sup:talish", None),
      ("Madagiz", "sup:madagiz", None)]),
    ("The ministry reported drones in the Kalbajar direction and over the Gubadly district.",
     [("Kalbajar direction", "dist:kalbajar", "direction"), ("Gubadly district", "dist:gubadly", "district")]),
    ("Families in Berd and Chinari, Tavush province, spent the night in basements.",
     [("Berd", "gn:616802", None), ("Chinari", "gn:616780", None), ("Tavush province", "prov:tavush", "region")]),
    ("Nakhchivan City stayed calm while posts elsewhere in the Nakhichevan exclave came under fire.",
     [("Nakhchivan City", "gn:147429", None), ("Nakhichevan exclave", "area:nakhchivan", "region")]),
    ("Fighting resumed around Lələ Təpə and Horadiz at dawn.",
     [("Lələ Təpə", "sup:lele-tepe", None), ("Horadiz", "gn:148003", None)]),
    ("A conscript was wounded near the Sarybaba heights on Tuesday.",
     [("Sarybaba heights", "sup:saribaba", None)]),
    ("Officials in Artsakh said Shushi and Martuni were hit.",
     [("Artsakh", "area:nagorno-karabakh", None), ("Shushi", "gn:147105", None), ("Martuni", "gn:146969", None)]),
    ("Ganja's mayor and Aghdam region officials met near the contact line.",
     [("Ganja", "gn:586523", "possessive"), ("Aghdam region", "dist:aghdam", "region"),
      ("contact line", "line:contact-1994", None)]),
    ("Reports from Zaribaba region and the Laxin district conflicted.",
     [("Zaribaba region", "sup:saribaba", "region"), ("Laxin district", "dist:lachin", "district")]),
    ("Shells landed in Aghdam and Dondar Quşçu, in the Tovuz district.",  # the Tovuz village, by context
     [("Aghdam", "sup:aghdam-tovuz", None), ("Dondar Quşçu", "gn:586717", None),
      ("Tovuz district", "dist:tovuz", "district")]),
    ("Shells landed in Aghdam and Barda.",  # the Karabakh town, by context
     [("Aghdam", "gn:148619", None), ("Barda", "gn:587057", None)]),
    ("The Nagorno-Karabakh conflict flared again near Hadrut and Fizuli.",
     [("Nagorno-Karabakh", "area:nagorno-karabakh", None), ("Hadrut", "sup:hadrut", None),
      ("Fizuli", "gn:148106", None)]),
]

# Sentences of ordinary words, titles and people's names (ours) that must yield nothing.
NOTHING = [
    "The Defense Ministry said the Bank would review the case; Moses, Ara and Lenin attended.",
    "President Ilham Aliyev met Nikol Pashinyan and Sergei Lavrov in Moscow and then in Brussels.",
    "Spokesmen Hasanov, Bayramov, Poghosyan, Hasratyan, Harutyunyan, Mnatsakanyan and Peskov commented.",
    "Talks in Donetsk, Luhansk, Tehran and Ankara went nowhere, said Kerry, Shoigu and Putin.",
    "An Armenian soldier and Azerbaijani officers; Azeri and Russian troops; the Soviet Union.",
    "the road to goris and the market in ganja were quiet, lower case as a slogan would write them.",
    "Security, Cooperation, Europe, Eastern Europe, the South Caucasus and the European Union.",
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_mentions_in_our_sentences(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    found = [(m.surface, m.place.id, m.qualifier) for m in find_mentions(text)]
    assert found == expected


@pytest.mark.parametrize("text", NOTHING)
def test_no_mentions_in_ordinary_text(text: str) -> None:
    assert find_mentions(text) == []


def test_mention_offsets_point_into_the_text() -> None:
    text = SENTENCES[0][0]
    for m in find_mentions(text):
        assert text[m.start:m.end] == m.surface
        assert 0 < m.confidence <= 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Ganja", "Laxin district", "the", "line of contact", "Baku's", "Hadrut", " ",
                                 ", ", "Nagorno-Karabakh", "Zaribaba", "Defense", "x", "\n", "Tovuz direction"]),
                max_size=25))
def test_mentions_are_sorted_disjoint_and_exact(parts: list[str]) -> None:
    text = " ".join(parts)
    mentions = find_mentions(text)
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.end <= b.start
    for m in mentions:
        assert text[m.start:m.end] == m.surface


# Every spelling the shared corpus uses for a place, and the place it means.
CORPUS_SPELLINGS = {
    "Ganca": "gn:586523", "Naxcivan": "area:nakhchivan", "Laxin district": "dist:lachin",
    "Zaribaba": "sup:saribaba", "Stepanakert": "gn:146970", "Hadrut": "sup:hadrut",
    "Nagorno-Karabakh": "area:nagorno-karabakh", "Karabakh": "area:nagorno-karabakh",
    "line of contact": "line:contact-1994", "front line": "line:contact-1994", "Baku": "gn:587084",
    "Yerevan": "gn:616052", "Armenia": "area:armenia", "Azerbaijan": "area:azerbaijan",
}


def _articles(folder: Path) -> dict[str, str]:
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    assert texts, f"{folder}: no articles"
    return texts


def test_corpus_spellings_all_occur(corpus_articles: Path) -> None:
    """The table above is about the corpus: each spelling is used there."""
    corpus = "\n".join(_articles(corpus_articles).values())
    for spelling in CORPUS_SPELLINGS:
        assert re.search(rf"\b{re.escape(spelling)}\b", corpus), spelling


def test_every_corpus_spelling_resolves_in_place(corpus_articles: Path) -> None:
    for name, text in _articles(corpus_articles).items():
        mentions = find_mentions(text)
        for spelling, place_id in CORPUS_SPELLINGS.items():
            for hit in re.finditer(rf"\b{re.escape(spelling)}\b", text):
                covering = [m for m in mentions if m.start <= hit.start() < m.end]
                assert covering, f"{name}: {spelling!r} at {hit.start()} not found"
                assert covering[0].place.id == place_id, (name, spelling, covering[0])
            assert geocode(spelling).place.id == place_id  # type: ignore[union-attr]


def test_corpus_yields_no_stray_places(corpus_articles: Path) -> None:
    allowed = set(CORPUS_SPELLINGS.values())
    for name, text in _articles(corpus_articles).items():
        stray = {(m.surface, m.place.id) for m in find_mentions(text) if m.place.id not in allowed}
        assert not stray, f"{name}: unexpected places {stray}"
