"""Geocoding: a name as a report writes it -> the place it means, or nothing with a reason.

Resolution order, from safest to loosest: the folded spelling ("Ganca" ->
ganca), then the loose spelling that merges transliterations ("Zaribaba" ->
saribaba), then a fuzzy match restricted to curated names (light typos).
Qualifiers steer the kind: "Lachin district" is the district, "Lachin" the
town, "Nakhchivan city" the city, "Nakhchivan" the exclave. Several candidates
left after that are settled by the article's other places (context), then by
a large population gap; otherwise the answer is "ambiguous", never a guess.

>>> geocode("Ganca").place.name
'Ganja'
>>> geocode("Laxin district").place.kind
'district'
>>> geocode("Moscow").found
False
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from geo.gazetteer import AREA_KINDS, POINT_KINDS, Entry, Gazetteer, Place, load_gazetteer
from geo.geojson import distance_km
from geo.names import fold_key, loose_key

# Confidence of each way of resolving a name (0..1): how often that route is right.
CONF_EXACT = 0.95  # spelling as written is a known name of exactly one place
CONF_FOLDED = 0.9  # known after dropping case and diacritics
CONF_VARIANT = 0.8  # known after merging transliteration variants
CONF_FUZZY_SCALE = 0.75  # multiplied by the fuzzy score (0..1)
CONF_CONTEXT = 0.8  # one of several, chosen by nearness to the article's other places
CONF_POPULATION = 0.7  # one of several, chosen because it is far bigger than the rest

# Fuzzy fallback: minimum rapidfuzz ratio (0..100) and name length. 85 lets one
# wrong letter through in an 8-letter name (Zaribaba ~ Saribaba = 87.5) but not
# two; names under 6 letters have too many neighbours to guess at.
FUZZY_MIN_SCORE = 85.0
FUZZY_MIN_LENGTH = 6
# The best fuzzy match must beat the runner-up (another place) by this much.
FUZZY_MARGIN = 3.0

# A candidate is chosen by context when it lies within CONTEXT_MAX_KM of the
# article's other places and every other candidate lies CONTEXT_RATIO times as
# far: 1.5 separates villages 20 and 35 km away, not 37 and 45 km away.
CONTEXT_MAX_KM = 80.0
CONTEXT_RATIO = 1.5
# A candidate is chosen by population when it is this many times bigger than the next.
POPULATION_DOMINANCE = 10

# A place said to lie in a district or province further than this (km) from the area's
# representative point is not in it: districts span ~40 km, Armenian provinces ~90 km.
AREA_REACH_KM = 70.0

# Words after a name that say what kind of place is meant -> the qualifier reported.
SUFFIX_QUALIFIERS = {
    "district": "district", "rayon": "district", "rayonu": "district", "raion": "district", "region": "region", "province": "region",
    "marz": "region", "exclave": "region", "area": "region", "direction": "direction", "sector": "direction",
    "city": "city", "town": "city", "village": "city", "heights": "height", "height": "height",
}
_SUFFIX_RE = re.compile(r"\s+(" + "|".join(SUFFIX_QUALIFIERS) + r")$", re.IGNORECASE)
_PREFIX_RE = re.compile(r"^(?:(?:on|in)\s+)?(?:the\s+)?(outskirts\s+of\s+(?:the\s+)?|city\s+of\s+|town\s+of\s+"
                        r"|village\s+of\s+)?", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class GeocodeResult:
    """The answer for one name: the place (or None), how sure, how precise, and why."""

    place: Place | None
    confidence: float
    precision: str | None
    reason: str

    @property
    def found(self) -> bool:
        return self.place is not None


def _miss(reason: str) -> GeocodeResult:
    return GeocodeResult(None, 0.0, None, reason)


def _hit(place: Place, confidence: float, reason: str) -> GeocodeResult:
    return GeocodeResult(place, round(confidence, 3), place.precision, reason)


def split_qualifier(name: str) -> tuple[str, str | None]:
    """("Lachin", "district") from "Lachin district"; also "the", possessives, "outskirts of", "city of"."""
    text = " ".join(name.split()).strip(" \"'“”.,;:()")
    qualifier = None
    prefix = _PREFIX_RE.match(text)
    if prefix and prefix.group(1):
        qualifier = "outskirts" if prefix.group(1).lower().startswith("outskirts") else "city"
    text = text[prefix.end():] if prefix else text
    if _POSSESSIVE_RE.search(text):
        text, qualifier = _POSSESSIVE_RE.sub("", text), qualifier or "possessive"
    suffix = _SUFFIX_RE.search(text)
    if suffix and suffix.start() > 0:
        text, qualifier = text[: suffix.start()], SUFFIX_QUALIFIERS[suffix.group(1).lower()]
    return text.strip(), qualifier


def _filter_kinds(places: list[Place], qualifier: str | None) -> list[Place]:
    """Keep the kinds the qualifier asks for; with none, a town beats the district named after it."""
    if qualifier in ("district", "region", "direction"):
        areas = [p for p in places if p.kind in AREA_KINDS]
        return areas or places
    if qualifier in ("city", "height"):
        points = [p for p in places if p.kind in POINT_KINDS]
        return points or places
    non_district = [p for p in places if p.kind != "district"]
    return non_district or places


def _by_context(places: list[Place], context: Sequence[Place]) -> Place | None:
    """The candidate clearly nearest to the article's other places, if any."""
    anchors = [(c.lat, c.lon) for c in context if c.precision == "point" or c.kind == "district"]
    if not anchors:
        return None
    ranked = sorted((min(distance_km((p.lat, p.lon), a) for a in anchors), p.id, p) for p in places)
    best = ranked[0]
    if best[0] <= CONTEXT_MAX_KM and (len(ranked) == 1 or ranked[1][0] >= CONTEXT_RATIO * best[0]):
        return best[2]
    return None


def choose(gaz: Gazetteer, entries: Sequence[Entry], qualifier: str | None, context: Sequence[Place],
           country: str | None, by_population: bool = True) -> tuple[Place | None, str]:
    """Settle a set of candidates to one place, or None with the reason ("ambiguous: ...").

    `by_population=False` holds back the population tie-break, so that a
    caller with context still to gather can try that first.
    """
    curated_ids = {pid for pid, cur in entries if cur}
    places = [gaz.get(pid) for pid, _ in entries]
    if country:
        places = [p for p in places if p.country in (country, "")]
        if not places:
            return None, f"outside region: no such place in {country}"
    places = _filter_kinds(places, qualifier)
    curated = [p for p in places if p.id in curated_ids]
    places = curated or places
    if len(places) == 1:
        return places[0], ""
    near = _by_context(places, context)
    if near:
        return near, "context"
    pops = sorted((p.population for p in places), reverse=True)
    if by_population and pops[0] >= POPULATION_DOMINANCE * max(pops[1], 1):
        return max(places, key=lambda p: p.population), "population"
    names = ", ".join(sorted(f"{p.display_name} ({p.parent or p.country})" for p in places))
    return None, f"ambiguous: {names}"


@lru_cache(maxsize=1)
def _fuzzy_choices() -> tuple[str, ...]:
    """Curated spellings long enough to fuzzy-match against (the fuzzy fallback cannot reach others)."""
    gaz = load_gazetteer()
    return tuple(sorted(k for k in gaz.curated_keys if len(k) >= FUZZY_MIN_LENGTH))


@lru_cache(maxsize=8192)
def fuzzy_key(name: str) -> tuple[str, float] | None:
    """The curated spelling `name` is a light misspelling of, with its score; None when unsure."""
    key = fold_key(name)
    if len(key) < FUZZY_MIN_LENGTH:
        return None
    hits = process.extract(key, _fuzzy_choices(), scorer=fuzz.ratio, limit=5, score_cutoff=FUZZY_MIN_SCORE)
    if not hits:
        return None
    gaz = load_gazetteer()
    best_key, best_score, _ = hits[0]
    if key.startswith(best_key) or best_key.startswith(key):  # "Armenian" is a word derived from a name, not a typo
        return None
    best_ids = {pid for pid, _ in gaz.exact[best_key]}
    for other_key, score, _ in hits[1:]:
        if {pid for pid, _ in gaz.exact[other_key]} != best_ids and score > best_score - FUZZY_MARGIN:
            return None
    return best_key, best_score


def _resolve(gaz: Gazetteer, core: str, qualifier: str | None, context: Sequence[Place],
             country: str | None, original: str) -> GeocodeResult:
    for entries, base_conf, label in (
        (gaz.lookup(core), CONF_FOLDED, "folded"),
        (gaz.lookup_loose(core), CONF_VARIANT, "variant"),
    ):
        if not entries:
            continue
        place, how = choose(gaz, entries, qualifier, context, country)
        if place is None:
            return _miss(how)
        if label == "folded" and any(original.strip() == n or core == n for n in place.names):
            base_conf, label = CONF_EXACT, "exact"
        conf = {"context": CONF_CONTEXT, "population": CONF_POPULATION}.get(how, base_conf)
        return _hit(place, min(conf, base_conf), label if not how else f"{label}, by {how}")
    if fold_key(core) in gaz.outside:  # a known place elsewhere is not a typo for one here
        return _miss(f"outside region: {core} is not in Armenia or Azerbaijan")
    fuzzy = fuzzy_key(core)
    if fuzzy:
        key, score = fuzzy
        place, how = choose(gaz, gaz.exact[key], qualifier, context, country)
        if place:
            return _hit(place, CONF_FUZZY_SCALE * score / 100, f"fuzzy: {core} ~ {place.name}")
    return _miss("not found")


def geocode(name: str, context: Sequence[Place] = (), country: str | None = None) -> GeocodeResult:
    """The place `name` means, with a confidence (0..1), a precision and a reason; or nothing and why.

    `context` is the article's other places (they settle "Martuni": Armenia's
    or Karabakh's); `country` ("AM"/"AZ") restricts the answer to that country.
    """
    gaz = load_gazetteer()
    if not name or not name.strip():
        return _miss("not found: empty name")
    full = " ".join(name.split())
    if gaz.lookup(full):  # curated multi-word names such as "Nakhchivan City", "Lachin District"
        result = _resolve(gaz, full, None, context, country, name)
        if result.found:
            return result
    core, qualifier = split_qualifier(name)
    if not core:
        return _miss("not found: empty name")
    return _resolve(gaz, core, qualifier, context, country, core)


# --- finding place names in running text --------------------------------------

# GeoNames spellings that are also ordinary words, given names, rivers or
# places elsewhere; they never count as a mention unless the supplement
# curates them. Folded keys.
MENTION_STOPLIST = frozenset({
    "ara", "araks", "aras", "arpa", "artyom", "bank", "banka", "banke", "bas", "bina", "brun", "bum", "dili",
    "efendi", "gai", "gay", "gel", "gosh", "gurgen", "ilich", "jdanov", "kala", "kamo", "kirov", "kirova",
    "kirovo", "kos", "kot", "kur", "kura", "lala", "lali", "lenin", "madina", "mola", "molla", "moses",
    "mugan", "mughan", "nairi", "narek", "nizami", "nour", "puskin", "pushkin", "razin", "sabir", "sabira",
    "samur", "sen", "seri", "shen", "shiraz", "tairov", "tala", "talib", "vahan",
    # demonyms and adjectives, which the fuzzy fallback would otherwise take for misspelt names
    "armenian", "armenians", "azerbaijani", "azerbaijanis", "azeri", "azeris", "karabakhi", "russian",
    "russians", "turkish", "iranian", "georgian", "soviet",
})
# Uncurated GeoNames spellings shorter than this (folded) are not looked for in text.
MENTION_MIN_LENGTH = 4

# Qualifier words found right after a name in text, and what Mention.qualifier reports.
_TEXT_SUFFIX_RE = re.compile(r"(?:['’]s\b)|(?:\s+(" + "|".join(SUFFIX_QUALIFIERS) + r")\b)", re.IGNORECASE)
# "the Tartar and Aghdam districts", "Dashkesan, Kalbajar and Lachin border districts": a plural kind word
# after a list of names qualifies each name in it.
_LIST_NAME = r"(?:the\s+)?[A-ZÇŞĞÜÖİƏ][\w’'-]*(?:\s+[A-ZÇŞĞÜÖİƏ][\w’'-]*)?"
_PLURAL_KIND_RE = re.compile(r"(?:\s*,\s*" + _LIST_NAME + r")*(?:,?\s+(?:and|or)\s+" + _LIST_NAME + r")?"
                             r"\s+(?:(?:border|frontline|front-line|frontier|neighbouring|neighboring)\s+)?"
                             r"(district|region|province|rayon|village|town|height|direction|sector)s\b")
# How far before a name the "village of" / "outskirts of" cues are looked for: they sit right before it,
# and searching the whole text before every capitalised word would make long texts quadratic.
LOOKBEHIND_CHARS = 40
# How far after a name a list of names may run on to the plural kind word that qualifies them all ("Tartar,
# Aghdam and Fuzuli districts"): bounded, so that a page listing hundreds of places stays linear.
LIST_REACH_CHARS = 200
# Cheap finders for the qualifier words above, run once over a whole text.
_PLURAL_KIND_WORD_RE = re.compile(r"(?:district|region|province|rayon|village|town|height|direction|sector)s\b", re.IGNORECASE)
_OUTSKIRTS_WORD_RE = re.compile(r"outskirts\s+of\b", re.IGNORECASE)
_DIRECTION_WORD_RE = re.compile(r"\b(?:directions?|sectors?)\s+of\b", re.IGNORECASE)
_SETTLEMENT_BEFORE_RE = re.compile(r"\b(?:village|town|settlement|city|hamlet)s?\s+of\s+$", re.IGNORECASE)
_INSIDE_BETWEEN_RE = re.compile(r"^\s*,?\s*(?:in|of)\s+(?:the\s+)?$", re.IGNORECASE)
_OUTSKIRTS_RE = re.compile(r"outskirts\s+of\s+(?:the\s+)?$", re.IGNORECASE)
# "in the direction of Kalbajar and Lachin": a military direction is the area a town heads, like
# "the Kalbajar direction" (and each name listed after it is one).
_DIRECTION_OF_RE = re.compile(r"\b(?:directions?|sectors?)\s+of\s+(?:the\s+)?(?:" + _LIST_NAME +
                              r"\s*(?:,|\band\b|\bor\b)\s*){0,3}$", re.IGNORECASE)
_MENTION_QUALIFIER = {"district": "district", "region": "region", "direction": "direction"}
# Capitalised words (one or two) not covered by an exact match: the fuzzy fallback's candidates.
_CAPITALISED_RE = re.compile(r"\b[A-ZÇŞĞÜÖİƏ][\wəçşğıüö]+(?:[ -][A-ZÇŞĞÜÖİƏ][\wəçşğıüö]+)?")


@dataclass(frozen=True)
class Mention:
    """A place named in a text: the span as written, the place, and how it was qualified."""

    start: int
    end: int
    surface: str
    place: Place
    confidence: float
    qualifier: str | None


@dataclass(frozen=True)
class _Pattern:
    key: str
    entries: tuple[Entry, ...]
    any_case: bool  # curated names written in lower case ("line of contact") match in any case
    curated: bool  # curated names need only their first word capitalised ("Laçın rayonu")


def _eligible(gaz: Gazetteer, key: str, entries: tuple[Entry, ...]) -> bool:
    if any(cur for _, cur in entries):
        return len(key) >= 3
    has_digit = any(c.isdigit() for c in key)  # "28 May" is a village, and far more often a date
    return len(key) >= MENTION_MIN_LENGTH and key not in MENTION_STOPLIST and not has_digit


@lru_cache(maxsize=1)
def _automaton() -> object:
    """An Aho-Corasick automaton over every eligible spelling (folded), built once."""
    import ahocorasick

    gaz = load_gazetteer()
    lower_curated = {fold_key(n) for p in gaz.places for n in p.names if n[:1].islower()}
    auto = ahocorasick.Automaton()
    for key, entries in gaz.exact.items():
        if _eligible(gaz, key, entries):
            auto.add_word(key, _Pattern(key, entries, key in lower_curated, any(c for _, c in entries)))
    auto.make_automaton()
    return auto


def _match_text(text: str) -> str:
    """Text folded for matching: one character per character, hyphens and whitespace as spaces."""
    from geo.names import fold_text

    return "".join(" " if c == "-" or c.isspace() else c for c in fold_text(text))


# Generic words that begin some curated names ("Lake Sev", "Mount Sarybaba") and that reports also write in
# lower case ("the lake Sev"): the capital letter that says a name is named is then the next word's.
GENERIC_PREFIXES = frozenset({"lake", "mount", "river", "mountain"})


def _raw_matches(text: str) -> list[tuple[int, int, _Pattern]]:
    folded = _match_text(text)
    found = []
    for end_idx, pattern in _automaton().iter(folded):
        start, end = end_idx - len(pattern.key) + 1, end_idx + 1
        if (start > 0 and folded[start - 1].isalnum()) or (end < len(folded) and folded[end].isalnum()):
            continue
        words = text[start:end].split()
        if len(words) > 1 and words[0].lower() in GENERIC_PREFIXES:
            words = words[1:]  # "the lake Sev": a generic word in lower case, then the name
        checked = words[:1] if pattern.curated else [w for i, w in enumerate(words) if i == 0 or len(w) > 3]
        if not pattern.any_case and not all(w[:1].isupper() for w in checked):
            continue
        found.append((start, end, pattern))
    return found


def _non_overlapping(spans: list[tuple[int, int, _Pattern]]) -> list[tuple[int, int, _Pattern]]:
    """Longest match first, then leftmost; drop anything overlapping a kept match."""
    kept: list[tuple[int, int, _Pattern]] = []
    taken = bytearray(max((s[1] for s in spans), default=0))  # 1 where a kept match lies: linear, not quadratic
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if not any(taken[span[0]:span[1]]):
            kept.append(span)
            taken[span[0]:span[1]] = b"\x01" * (span[1] - span[0])
    return sorted(kept, key=lambda s: s[0])


@dataclass(frozen=True)
class _QualifierWords:
    """Where a text holds the words that qualify names at a distance ("… and Lachin districts", "outskirts
    of", "direction of"), found once per text so that each name checks them in logarithmic time."""

    plural_kinds: list[int]
    outskirts: list[int]
    directions: list[int]

    @classmethod
    def of(cls, text: str) -> _QualifierWords:
        return cls([m.start() for m in _PLURAL_KIND_WORD_RE.finditer(text)],
                   [m.end() for m in _OUTSKIRTS_WORD_RE.finditer(text)],
                   [m.end() for m in _DIRECTION_WORD_RE.finditer(text)])

    @staticmethod
    def after(positions: list[int], pos: int, reach: int) -> bool:
        i = bisect_left(positions, pos)
        return i < len(positions) and positions[i] <= pos + reach

    @staticmethod
    def before(positions: list[int], pos: int, reach: int) -> bool:
        i = bisect_right(positions, pos)
        return i > 0 and positions[i - 1] >= pos - reach


def _qualify(text: str, start: int, end: int, words: _QualifierWords | None = None) -> tuple[int, str | None]:
    """Extend a match over a following qualifier word; return the new end and the qualifier."""
    words = words or _QualifierWords.of(text)
    suffix = _TEXT_SUFFIX_RE.match(text, end)
    last_word = text[start:end].rsplit(None, 1)[-1].lower()
    qualifier = SUFFIX_QUALIFIERS.get(last_word) if last_word != text[start:end].lower() else None  # "Lachin District"
    if suffix:
        if suffix.group(1):
            end, qualifier = suffix.end(), SUFFIX_QUALIFIERS[suffix.group(1).lower()]
        else:
            qualifier = qualifier or "possessive"
    if qualifier is None and words.after(words.plural_kinds, end, LIST_REACH_CHARS):
        shared = _PLURAL_KIND_RE.match(text, end, end + LIST_REACH_CHARS)
        qualifier = SUFFIX_QUALIFIERS.get(shared.group(1).lower()) if shared else None
    if qualifier is None and words.before(words.outskirts, start, LOOKBEHIND_CHARS) \
            and _OUTSKIRTS_RE.search(text[max(0, start - LOOKBEHIND_CHARS):start]):
        qualifier = "outskirts"
    if qualifier is None and words.before(words.directions, start, 2 * LOOKBEHIND_CHARS) \
            and _DIRECTION_OF_RE.search(text[max(0, start - 2 * LOOKBEHIND_CHARS):start]):
        qualifier = "direction"
    return end, qualifier


def _fallback_spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Capitalised words no exact match covers whose loose or fuzzy spelling is a curated name."""
    gaz = load_gazetteer()
    covered = bytearray(len(text))
    for s, e in taken:
        covered[s:e] = b"\x01" * (e - s)
    spans = []
    for m in _CAPITALISED_RE.finditer(text):
        if any(covered[m.start():m.end()]):
            continue
        for word in (m.group(0), m.group(0).split()[0]) if " " in m.group(0) else (m.group(0),):
            key = fold_key(word)
            if key in MENTION_STOPLIST or key in gaz.outside or len(key) < FUZZY_MIN_LENGTH:
                continue
            loose = gaz.lookup_loose(word)
            curated = tuple(e for e in loose if e[1])
            # an uncurated spelling variant counts where the words themselves say "place":
            # a two-word name ("Dondar Gushchu") or one introduced as a settlement ("the village of …")
            named = " " in word or bool(_SETTLEMENT_BEFORE_RE.search(text, max(0, m.start() - LOOKBEHIND_CHARS),
                                                                      m.start()))
            if curated or (named and len({pid for pid, _ in loose}) == 1) or fuzzy_key(word):
                spans.append((m.start(), m.start() + len(word), word))
                break
    return spans


def find_mentions(text: str) -> list[Mention]:
    """Every gazetteer place named in `text`, non-overlapping, longest match first, sorted by start.

    Names must be capitalised as names are (except curated lower-case ones such
    as "line of contact"); GeoNames spellings that are ordinary words are
    skipped; a name that stays ambiguous after the text's other places are
    taken into account is left out rather than guessed.
    """
    gaz = load_gazetteer()
    spans = _non_overlapping(_raw_matches(text))
    words = _QualifierWords.of(text)
    resolved: list[tuple[int, int, str | None, Place | None, tuple[Entry, ...], float, str | None]] = []
    for start, end, pattern in spans:
        new_end, qualifier = _qualify(text, start, end, words)
        kind_q = qualifier if qualifier in SUFFIX_QUALIFIERS.values() else None
        place, _ = choose(gaz, pattern.entries, kind_q, (), None, by_population=False)
        exact = text[start:end] in (place.names if place else ())
        resolved.append((start, new_end, qualifier, place, pattern.entries, CONF_EXACT if exact else CONF_FOLDED,
                         kind_q))
    for start, end, word in _fallback_spans(text, [(s, e) for s, e, *_ in resolved]):
        result = geocode(word)
        if result.found and result.place:
            new_end, qualifier = _qualify(text, start, end, words)
            resolved.append((start, new_end, qualifier, result.place, (), result.confidence, None))
    context = list({r[3].id: r[3] for r in resolved if r[3] is not None}.values())  # each place once: linear
    mentions = []
    for start, end, qualifier, place, entries, conf, kind_q in sorted(resolved, key=lambda r: r[0]):
        if place is None:  # ambiguous alone: try again with the text's other places, then by population
            place, how = choose(gaz, entries, kind_q, context, None)
            conf = {"context": CONF_CONTEXT, "population": CONF_POPULATION}.get(how, CONF_FOLDED)
        if place is not None:
            mentions.append(Mention(start, end, text[start:end], place, conf, _MENTION_QUALIFIER.get(
                qualifier or "", qualifier if qualifier in ("outskirts", "possessive") else None)))
    return _drop_shrine_names(_drop_split_compounds(
        _drop_namesakes_outside(_drop_foreign_alternates(mentions, gaz), text), text), text)


# "the Gazanchi church", "Ghazanchetsots cathedral": a name right before a house of worship is the
# building's own name (a saint, an old quarter), and as a place it is usually a namesake elsewhere
# (a Shusha church matched a village in Nakhchivan). "The church in Shusha" still counts.
SHRINE_AFTER = re.compile(r"^\s+(?:church|cathedral|mosque|monastery|chapel)\b", re.IGNORECASE)


def _drop_shrine_names(mentions: list[Mention], text: str) -> list[Mention]:
    """A settlement matched as the name of a church or mosque is left out."""
    return [m for m in mentions if m.place.precision != "point" or not SHRINE_AFTER.match(text[m.end:m.end + 20])]


# "Verin Shorzha", "Yukhari Abdulrahmanli": a position word that belongs to a village's name. When the
# gazetteer lacks the whole name, the bare rest ("Shorzha") is another village, often far away.
COMPOUND_PREFIX = re.compile(r"\b(?:Verin|Nerkin|Upper|Lower|Yukhari|Yukhary|Ashaghi|Ashagi|Mets|Pokr|Boyuk|Kichik)\s+$")


def _drop_split_compounds(mentions: list[Mention], text: str) -> list[Mention]:
    """A town matched as the tail of a longer village name the gazetteer does not hold is left out."""
    return [m for m in mentions
            if m.place.precision != "point" or not COMPOUND_PREFIX.search(text[max(0, m.start - 12):m.start])]


def _drop_namesakes_outside(mentions: list[Mention], text: str) -> list[Mention]:
    """'Sarnaghbyur in the Askeran region': a place the text puts inside an area it lies far from
    is a namesake the gazetteer lacks, so the name yields nothing (the area still counts)."""
    dropped = set()
    for place_m, area_m in zip(mentions, mentions[1:], strict=False):
        if place_m.place.precision != "point" or area_m.place.kind not in ("district", "province", "region"):
            continue
        if not _INSIDE_BETWEEN_RE.match(text[place_m.end:area_m.start]):
            continue
        if distance_km((place_m.place.lat, place_m.place.lon), (area_m.place.lat, area_m.place.lon)) > AREA_REACH_KM:
            dropped.add(place_m.start)
    return [m for m in mentions if m.start not in dropped] if dropped else mentions


def _other_name_only(mention: Mention, gaz: Gazetteer) -> bool:
    """Matched only through another name of an uncurated place, not a spelling of its own name.

    GeoNames keeps former and other-language names ("Shikhlar" for the Armenian
    village Lusarat); the same name usually means a namesake across the border
    that the gazetteer lacks, so such a match needs support from the text.
    """
    if any(cur for _, cur in gaz.exact.get(fold_key(mention.surface), ())):
        return False
    core = split_qualifier(_POSSESSIVE_RE.sub("", mention.surface))[0]
    return loose_key(core) != loose_key(mention.place.name) and fold_key(core) != fold_key(mention.place.name)


def _drop_foreign_alternates(mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Keep another-name-only matches when the text names some other place of the same country; else
    the reading is ambiguous (the namesake may lie across the border) and yields nothing."""
    doubtful = {m.start for m in mentions if m.place.kind not in AREA_KINDS and _other_name_only(m, gaz)}
    if not doubtful:
        return mentions
    supported = {m.place.country for m in mentions if m.start not in doubtful}
    return [m for m in mentions if m.start not in doubtful or m.place.country in supported]
