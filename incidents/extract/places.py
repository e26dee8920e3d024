"""Where an event happened: the places a clause names, and honest defaults when it names none.

A clause names many places that are not where anything happened: the
country, the speaker's capital, the venue of talks, the claimant's own name
("the Karabakh military"), the village fire came from. This module keeps the
scene and, for events that name no place, chooses a region-level location
(the region, the 1994–2020 line of contact, or the state border) that says
how little is known instead of pretending to a town.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from shapely.geometry import Point, shape
from shapely.prepared import PreparedGeometry, prep

from geo.gazetteer import Place
from geo.geocode import Mention, geocode
from geo.geojson import distance_km
from incidents.extract.dates import DateGuess
from incidents.model import Article

if TYPE_CHECKING:
    from incidents.extract.attribution import Attribution
    from incidents.extract.sentences import Sentence

# The 1994 ceasefire regime ended when the 2020 war began: before it, ceasefire violations and
# unlocated fighting happened on the line of contact; after it, the region is the honest default.
LINE_OF_CONTACT_UNTIL = dt.date(2020, 9, 27)
# Places that are seats of government or talks venues, not where fighting happens; they are
# locations only when the words aim at them ("shelled Yerevan", "a missile toward Baku").
CAPITALS = frozenset({"Baku", "Yerevan", "Moscow", "Tbilisi", "Tehran", "Ankara", "Washington", "Paris",
                      "Geneva", "Brussels", "Vienna", "Minsk", "Istanbul", "Sochi", "Munich", "Prague",
                      "Granada", "Kazan", "Berlin", "London", "New York"})
TARGETED = re.compile(r"\b(?:toward|towards|on|at|hit|hitting|struck|strike|shelled|shelling|targeted|into)\s+(?:the\s+)?$",
                      re.IGNORECASE)
# Words just before a place that make it the scene of talks or a statement, not of an event.
VENUE_BEFORE = re.compile(r"(?:talks|met|meeting|meet|visit(?:ing|ed)?|summit|speaking|spoke|conference|interview|"
                          r"briefing|negotiations|hosted|trip|travel(?:ing|ling|ed)?)\b[^.;]{0,40}$", re.IGNORECASE)
# "the war over X", "the conflict over X": a region named as what a conflict is about, not a scene.
# "the civilian population of Karabakh", "the territory of Azerbaijan": whose people or land, not a scene.
OWNER_BEFORE = re.compile(r"\b(?:population|people|residents|inhabitants|territory|sovereignty|status|capital)\s+of\s+"
                          r"(?:the\s+)?$", re.IGNORECASE)
TOPIC_BEFORE = re.compile(r"\b(?:war|conflict|dispute|standoff|tensions?|struggle)\s+(?:over|in)\s+(?:the\s+)?"
                          r"(?:(?:disputed|breakaway|contested|mountainous|separatist)\s+)?(?:region\s+of\s+)?$",
                          re.IGNORECASE)
# Ranks of place kinds: the most specific place named in a clause is where it happened.
KIND_RANK: dict[str, int] = {"height": 0, "village": 1, "town": 2, "city": 3, "district": 4, "province": 5,
                             "region": 6, "line": 7}
# Wording that puts a story on the Armenia–Azerbaijan state border rather than in Karabakh.
BORDER_WORDS = re.compile(r"\bborder\b(?!\s+(?:of|with)\s+(?:iran|turkey|georgia|russia))", re.IGNORECASE)
# Words before a place that make it the origin of fire, not where it landed.
FROM_PLACE = re.compile(r"\bfrom\b[^,.;:]{0,60}$", re.IGNORECASE)
# "a front running from Vardenis to Kapan": "from" opening an extent, not where fire came from.
EXTENT_FROM = re.compile(r"\b(?:running|stretching|extending|ranging|spanning|reaching)\s+(?:\w+\s+){0,2}?from\b"
                         r"[^,.;:]{0,40}$", re.IGNORECASE)
# "near A": the scene is around A, so "the nearby B" after it tells the same scene. Without it ("shelled
# Stepanakert and the nearby town of Shusha") both places were hit.
NEAR_WORD_BEFORE = re.compile(r"\b(?:near|around|close to|outside|by)\s+(?:the\s+)?(?:\w+\s+(?:of\s+)?)?$",
                              re.IGNORECASE)
# "the nearby X", "a neighbouring village, X": a place named for its closeness to the scene just named.
NEARBY_BEFORE = re.compile(r"\b(?:nearby|neighbou?ring|adjacent)\s+(?:(?:village|town|height|hill)\s+(?:of\s+)?)?$",
                           re.IGNORECASE)
# "the Lele Tepe height near Horadiz": a landmark named to find a finer place, not a second scene.
LANDMARK_BETWEEN = re.compile(r"^\s*,?\s*(?:near|outside|close to|not far from|next to|"
                              r"on the (?:shores?|banks?|outskirts|edge|slopes?) of)\s+(?:the\s+)?"
                              r"(?:(?:town|village|city)\s+of\s+|(?:lake|mount|river)\s+)?$", re.IGNORECASE)
# A district whose representative point lies further than this (km) from every town in the same
# clause is another scene, not the towns' surroundings (districts here span 30-60 km).
DISTRICT_APART_KM = 30.0
# "the Goris–Stepanakert road": towns naming a road, not scenes.
ROAD_AFTER = re.compile(r"^\s*[–—-]\s*[A-Z][\w’'-]+\s+(?:road|highway|motorway|route|corridor)\b")
ROAD_BEFORE = re.compile(r"[A-Z][\w’'-]+\s*[–—-]\s*$")
ROAD_WORD = re.compile(r"^\s+(?:road|highway|motorway|route|corridor)\b")
# "officials in Stepanakert said…": the speakers' seat, not the scene of what they report.
SEAT_BEFORE = re.compile(r"\b(?:officials?|authorities|government|leaders?|ministry|spokes(?:man|woman|person)|"
                         r"diplomats?|sources?|prosecutors?|lawmakers)\s+in\s+$", re.IGNORECASE)
# "on the road between Fuzuli and Shusha": the second town only closes the stretch the first opens.
ROAD_SECOND_END = re.compile(r"\b(?:road|highway|route|motorway)\s+(?:between|from)\s+[A-Z][\w’'-]+"
                             r"(?:\s+[A-Z][\w’'-]+)?\s+(?:and|to)\s+$")
# An office held in a place ("the head of Darbas community", "the heads of X and Y communities", "the
# mayor of Sisian"): where the speaker or the victim comes from, not where anything happened.
ROLE_BEFORE = re.compile(r"\b(?:heads?|mayors?|governors?|chiefs?|leaders?|administrators?|prefects?)\s+of\s+(?:the\s+)?"
                         r"(?:[A-Z][\w’'-]*\s*(?:,|\band\b)\s*)*$")
# A wire or agency dateline opening an article ("STEPANAKERT (Asbarez) —", "YEREVAN, JULY 16, ARMENPRESS.",
# "BAKU, Azerbaijan, September 13."): the city it was filed from, a scene only when the lead names no other.
DATELINE_PLACE = re.compile(r"^[ \t]*(?:date\s+\d{4}-\d\d-\d\d\s+)?[A-Z][A-Z’'-]{2,}(?:\s+[A-Z][A-Z’'-]+)?"
                            r"(?=\s*\(|\s*,|\s+[—–-]|\.\s)", re.MULTILINE)
# Non-empty lines from the top in which a dateline may stand (a title and a byline may come first).
DATELINE_LINES = 4
# A region named as what qualifies a force ("the Karabakh and Azerbaijani opposing forces", "Karabakh
# troops"): whose forces, not where they fought.
FORCES_AFTER = re.compile(r"^\s+(?:and\s+[A-Z][\w’'-]+\s+)?(?:opposing\s+|armed\s+|defen[cs]e\s+|military\s+)?"
                          r"(?:forces|army|troops|units|side|military|authorities|officials|leadership|government)\b")
# "along the line between Martakert … and Terter …", "at the junction of the Agdam and Tartar districts":
# two places that bound one stretch of front, drawn as the line between them.
BETWEEN_BEFORE = re.compile(r"(?<!road )(?<!highway )(?<!route )\b(?:between|junction of|boundary of|border of)\s+"
                            r"(?:the\s+)?$", re.IGNORECASE)
AND_BETWEEN = re.compile(r"^[^.;:,]{0,35}?\band\s+(?:the\s+)?$")
# Places that can bound a stretch of front: towns and districts, not regions or whole countries.
BOUNDING_KINDS = frozenset({"city", "town", "village", "height", "district"})
# Unlocated events of these types went on the line of contact while it existed (see default_place).
LINE_TYPES = frozenset({"armed clash", "ceasefire violation"})


def is_local(place: Place) -> bool:
    """Placed at a town, a height, a district or a named stretch of front, not across a region or a line."""
    return place.precision == "point" or place.kind == "district" or bool(place.vertices)


def _rank(place: Place) -> int:
    """How specific a place is (lower: more): a stretch between two named places ranks with a district."""
    return KIND_RANK["district"] if place.vertices else KIND_RANK.get(place.kind, 6)


def _bounds_stretch(text: str, first: Mention, second: Mention) -> bool:
    """Whether two places named "between A and B" (or "the junction of A and B") bound one stretch."""
    kinds = ("point", "area")
    if first.place.precision not in kinds or second.place.precision not in kinds or first.place.id == second.place.id:
        return False
    if first.place.kind not in BOUNDING_KINDS or second.place.kind not in BOUNDING_KINDS:
        return False
    return bool(BETWEEN_BEFORE.search(text[max(0, first.start - 30):first.start])
                and AND_BETWEEN.match(text[first.end:second.start]))


def _near_scene(text: str, mention: Mention | None) -> bool:
    """Whether the place named before "the nearby …" was itself given as a vicinity ("near Parukh")."""
    return mention is None or NEAR_WORD_BEFORE.search(text[max(0, mention.start - 30):mention.start]) is not None


def clause_places(text: str, start: int, mentions: list[Mention], attr: Attribution | None,
            sentence: Sentence, article: Article) -> list[Place]:
    """Where a clause's event happened: the most specific conflict places it names.

    Countries, places inside the claimant's name ("the Karabakh military"),
    capitals named as speakers and talks venues are not event locations.
    """
    end = start + len(text)
    claimant_span = _claimant_span(attr, sentence, text, start)
    found: list[Place] = []
    previous: Mention | None = None
    last_found: Mention | None = None
    filed_from: Place | None = None
    for mention in mentions:
        if mention.start < start or mention.end > end or mention.place.kind == "country":
            continue
        landmark = previous is not None and previous.place.precision == "point" and \
            LANDMARK_BETWEEN.match(article.text[previous.end:mention.start]) is not None
        previous = mention
        after = article.text[mention.end:mention.end + 40]
        road = ROAD_AFTER.match(after) or (ROAD_BEFORE.search(article.text[max(0, mention.start - 30):mention.start])
                                           and ROAD_WORD.match(after))
        if landmark or road:
            continue
        if claimant_span and claimant_span[0] <= mention.start < claimant_span[1]:
            continue
        before = article.text[max(start, mention.start - 60):mention.start]
        capital = mention.place.name in CAPITALS or mention.surface in CAPITALS
        if capital and (not TARGETED.search(before) or mention.qualifier == "possessive"):
            continue
        if VENUE_BEFORE.search(before) or SEAT_BEFORE.search(before) or ROAD_SECOND_END.search(before) \
                or ROLE_BEFORE.search(before):
            continue
        if mention.end <= _dateline_end(article.text):
            filed_from = mention.place  # the scene only when the lead names no other place
            continue
        if mention.place.precision != "point" and TOPIC_BEFORE.search(before) \
                or mention.place.kind in ("region", "country") and OWNER_BEFORE.search(before):
            continue  # "a war over Nagorno-Karabakh spread": what the war is about, not where this happened
        if mention.place.precision != "point" and (mention.qualifier == "possessive" or FORCES_AFTER.match(after)):
            continue  # "Nagorno-Karabakh's right to…", "Karabakh troops": an owner, not a scene
        if found and NEARBY_BEFORE.search(before) and _near_scene(article.text, last_found):
            continue  # "near Parukh and the nearby Karaglukh height": the same scene, told twice
        if found and last_found is not None and _bounds_stretch(article.text, last_found, mention):
            found[found.index(last_found.place)] = Place.between(last_found.place, mention.place)
            last_found = None
            continue
        if mention.place not in found:
            found.append(mention.place)
            last_found = mention
    if not found:
        return [filed_from] if filed_from is not None else []
    source_ids = _fire_sources(text, start, mentions)
    sources = [p for p in found if p.id in source_ids]
    if sources and len(sources) < len(found):
        found = [p for p in found if p not in sources]  # "fire from the village of X" hit somewhere else
    best = min(_rank(p) for p in found)
    if best <= KIND_RANK["city"]:
        points = [p for p in found if _rank(p) <= KIND_RANK["city"]]
        # "shelled Tartar city and villages of the Aghdam district": a district far from every
        # town named is a scene of its own; one around a named town only says where the town is
        apart = [p for p in found if p.kind == "district" and
                 all(distance_km((p.lat, p.lon), (q.lat, q.lon)) > DISTRICT_APART_KM for q in points)]
        return points + apart
    finest = [p for p in found if _rank(p) == best]
    # "the Tartar and Aghdam districts": each district listed is a scene; of wider areas one is enough
    return finest if best == KIND_RANK["district"] else finest[:1]


@lru_cache(maxsize=256)
def _dateline_end(text: str) -> int:
    """Where the dateline opening the article ends (0 when it has none)."""
    for seen, line in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text)):
        if seen == DATELINE_LINES:
            break
        match = DATELINE_PLACE.match(text, line.start(), line.end())
        if match:
            return match.end()
    return 0


def _fire_sources(text: str, start: int, mentions: list[Mention]) -> set[str]:
    """Places named as where fire came from ("from the villages of X", "from the direction of Y")."""
    found = set()
    for mention in mentions:
        if start <= mention.start <= start + len(text):
            before = text[max(0, mention.start - start - 45):mention.start - start]
            if FROM_PLACE.search(before) and not EXTENT_FROM.search(before):
                found.add(mention.place.id)
    return found


def _claimant_span(attr: Attribution | None, sentence: Sentence, clause: str, start: int) -> tuple[int, int] | None:
    if attr is None:
        return None
    pos = sentence.text.find(attr.claimant)
    if pos < 0:
        return None
    return sentence.start + pos, sentence.start + pos + len(attr.claimant)


def border_story(text: str, mentions: list[Mention]) -> bool:
    """Whether the article is about the Armenia–Azerbaijan state border rather than Karabakh
    (Tovuz 2020, Jermuk and Goris 2022): it names the border more often than the region."""
    region, _ = default_places()
    border = border_place()
    on_border = sum(m.place.id == border.id for m in mentions) + len(BORDER_WORDS.findall(text))
    in_region = sum(m.place.id == region.id for m in mentions)
    return on_border > in_region


@lru_cache(maxsize=1)
def border_place() -> Place:
    """The Armenia–Azerbaijan state border line, default location of unlocated border fighting."""
    place = geocode("Armenia-Azerbaijan border").place
    if place is None:
        raise RuntimeError("the gazetteer lacks the Armenia-Azerbaijan border")
    return place


@lru_cache(maxsize=1)
def default_places() -> tuple[Place, Place]:
    """The region and the 1994–2020 line of contact, for events that name no place."""
    region = geocode("Nagorno-Karabakh").place
    line = geocode("line of contact").place
    if region is None or line is None:
        raise RuntimeError("the gazetteer lacks Nagorno-Karabakh or the line of contact")
    return region, line


def default_place(event_type: str, when: DateGuess, article: Article, border: bool = False) -> Place:
    """Where an unlocated event goes: in a story about the state border, the border line;
    otherwise ground fighting and ceasefire violations while the 1994 regime held happened on the
    line of contact; strikes reach anywhere, and after 2020 the line is gone, so those are only
    known to be in the region."""
    if border:
        return border_place()
    region, line = default_places()
    if event_type in LINE_TYPES and before_2020_war(when, article):
        return line
    return region


def before_2020_war(when: DateGuess, article: Article) -> bool:
    """Whether the event surely predates the 2020 war (a coarse date counts by its last day)."""
    last = when.date_end or when.date
    if last is None and article.published_precision == "day":
        last = article.published
    return last is not None and last < LINE_OF_CONTACT_UNTIL


@lru_cache(maxsize=1)
def _karabakh_shape() -> PreparedGeometry:
    region, _ = default_places()
    return prep(shape(region.geometry()))


def in_karabakh_region(name: str) -> bool:
    """Whether a named town lies in the area the Nagorno-Karabakh authorities held from 1994 to 2020."""
    place = geocode(name).place
    return place is not None and place.precision == "point" and _karabakh_shape().contains(Point(place.lon, place.lat))


def place_geometry(place: Place) -> dict[str, Any]:
    """The place's GeoJSON geometry, built once per place per process.

    Region polygons are large and many incidents share them; copying one per incident was a
    fifth of the extraction time. Consumers must treat Incident.geometry as read-only.
    """
    return _geometry_by_id(place.id, place)


@lru_cache(maxsize=4096)
def _geometry_by_id(place_id: str, place: Place) -> dict[str, Any]:
    return place.geometry()


# A settlement referred back to ("the town", "the village"): the last town the article named.
ANAPHORA = re.compile(r"\b(?:the|that|this) (?:town|city|village|settlement|hamlet)\b(?!\s+of\b)(?!\s+[A-Z])")


# "the town" looks back at most this many characters for the last town named, even across a
# sentence that reports nothing ("In Stepanakert, sirens sounded. Rockets struck the city.").
ANAPHORA_REACH = 300


# "the front", "front line", "frontline": before the 2020 war, the line of contact, whatever the means.
FRONT = re.compile(r"\bfront(?:[- ]?line)?\b(?!\s+(?:page|door|row|runner))", re.IGNORECASE)


# A scene named as a unit the gazetteer does not hold ("villages of X county in Y province"): the
# place is known to the writer but not to us; a default area would put it somewhere else.
UNKNOWN_UNIT = re.compile(r"\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?\s+(?:county|province|governorate|oblast)\b")


def last_point_before(mentions: list[Mention], before: int) -> Place | None:
    """The town or village named last before `before`, within ANAPHORA_REACH characters."""
    found = None
    for mention in mentions:
        if mention.end > before:
            break
        if mention.place.precision == "point" and before - mention.end <= ANAPHORA_REACH:
            found = mention.place
    return found


def nested(a: Place, b: Place, lone: bool = True) -> bool:
    """A town and the province that holds it ("Syunik province" and "Lake Sev"), or the district it
    heads and names ("Tartar region" and "the Tartar city centre"): one scene told at two scales.

    A district listed with others ("positions in the Tartar and Aghdam districts") is front-line
    fighting of its own (`lone` False), and a district's other towns are other scenes."""
    def inside(town: Place, area: Place) -> bool:
        if town.precision != "point" or town.parent != area.name:
            return False
        heads = area.kind == "district" and lone and area.name.split()[0] == town.name.split()[0]
        return area.kind == "province" or heads
    return inside(a, b) or inside(b, a)


def same_area(a: Place, b: Place) -> bool:
    """The same place, or a town and the district it heads ("Gubadly" and "the Gubadly direction")."""
    return a.id == b.id or a.parent == b.name or b.parent == a.name
