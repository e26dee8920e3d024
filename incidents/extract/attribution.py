"""Who says so: the claimant of a statement, its side, and whether it is a denial.

In war reporting the outlet relays what a ministry, a spokesperson or an
official says; the map must show whose claim it is. The claimant is read
from the attribution ("X said", "according to X", "X announced", "X wrote
on Facebook", '"...," said X') and kept apart from the outlet; news agencies
quoted as a source ("Reuters reported") are relays, not claimants.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from incidents.extract.sentences import inside_quote
from incidents.model import SIDES

# Longest claimant we accept, in words: beyond that we have grabbed a clause, not a name.
MAX_CLAIMANT_WORDS = 14

_SPEECH = (r"said|says|announced|announces|claimed|claims|reported|reports|stated|states|told|wrote|added|noted|"
           r"confirmed|confirms|accused|accuses|denied|denies|deny|insisted|alleged|alleges|declared|warned|"
           r"charged|asserted|rejected|rejects|dismissed|maintained|complained|argued|explained|promised|vowed|"
           r"threatened|pledged|recorded|registered|informed|saying")
SPEECH_VERB = re.compile(r"\b(?:" + _SPEECH + r")\b")
ACCORDING_TO = re.compile(r"\baccording to\s+(?P<who>[^,.;:“”\"]+)", re.IGNORECASE)
# '"...," said Vahram Poghosyan' and '..., said the ministry'
SAID_WHO = re.compile(r"[,”\"’]\s+(?:said|says|added|wrote|announced)\s+(?P<who>(?:the\s+)?[A-Z][^,.;:“”\"]{2,80})")
# A finite verb inside the words after "said" makes them the reported clause, not the speaker
# ("…, meanwhile, said Stepanakert had been hit").
CLAUSE_VERB = re.compile(r"\b(?:had|has|have|was|were|is|are|would|will|could|did|hit|struck|took|shot|fought|began)\b"
                         r"|\b[a-z]+ed\b")

# Leading adverbials and connectives that are not part of the claimant's name.
LEAD_NOISE = re.compile(
    r"^(?:since then|separately|earlier|later|meanwhile|however|in (?:a|its) statement|in all|but|and|also|"
    r"on \w+(?: \d+)?|at the same time|in response|in turn|for (?:its|their) part|instead|with)[, ]+",
    re.IGNORECASE,
)
ADVERBIAL = re.compile(r"meanwhile|however|separately|earlier|later|also|in turn|for (?:its|their|his|her) part|"
                       r"in response|in a statement|at the same time|instead|too|though", re.IGNORECASE)
# Opening of an article that names the city it was filed from ("BAKU, Sept 13 (Reuters) -",
# "YEREVAN, September 13. /ARKA/.", "Baku, April 3, AZERTAC"): the home of an unnamed national office.
DATELINE_CITY = re.compile(r"^\W*(?P<city>[A-Z][A-Za-z-]{2,})(?:\s*\([^)\n]{1,30}\))?(?:,\s*[A-Z][a-z]{3,})?\s*"
                           r"(?:[,.]\s*(?:[A-Z][a-z]{2,}\.?\s+\d|\d{1,2}\s+[A-Z][a-z]+|[A-Z]{3,}\s+\d)|"
                           r"\s*\((?:Reuters|AP|AFP)\))", re.MULTILINE)
# Trailing words between the claimant and the verb: times, manner, auxiliaries.
TAIL_NOISE = re.compile(
    r"(?:\s+on\s+\w+(?:\s+\d+)?|\s+in\s+(?:a|its|their)\s+statement|\s+(?:late|early)\s+\w+|\s+(?:also|later|then|"
    r"today|yesterday|tonight|earlier|previously|again|separately|has|have|had|had earlier|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|this morning|in a statement)|,)+$",
    re.IGNORECASE,
)
# "was reported", "has been claimed by": passive voice, the subject is not the speaker
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|be)\s*$", re.IGNORECASE)
RELATIVE = re.compile(r"^(?:who|which|that)$", re.IGNORECASE)
# Words that make a phrase a role or office, to join it with the personal name next to it.
ROLE = re.compile(r"(?:a |an |the )?(?:\w+ )?(?:spokes\w+|minister|officials?|ministry|president\w*|commander|head|"
                  r"chief|leader|representative|ombudsman|adviser|aide|secretary|deputy|director|envoy|press)",
                  re.IGNORECASE)
PREPOSITION = re.compile(r"(?:in|on|at|from|since|after|before|during|earlier|later|meanwhile)\b", re.IGNORECASE)
DATELINE = re.compile(r"\s*(?:In|From)\s+([A-Z][\w-]+),")
BARE_NAME = re.compile(r"^(?:[A-Z][\w’'-]+\s?){1,4}$")
PRONOUN = re.compile(r"^(?:he|she|they|it|we|the ministry|the spokesman|the spokeswoman|the spokesperson|"
                     r"the statement|the officials?)$", re.IGNORECASE)
# Relays rather than parties: wire agencies and broadcasters named as the channel of a claim.
RELAYS = re.compile(r"\b(?:reuters|associated press|ap|afp|interfax|tass|ria novosti|bbc|cnn|al jazeera|anadolu|"
                    r"news service|news agency|newspaper|website|the president’s website|the president's website)\b",
                    re.IGNORECASE)
# Generic subjects that name no party.
NO_PARTY = re.compile(r"^(?:each side|both sides|the two sides|two opposing camps|the sides|officials|sources|"
                      r"witnesses|residents|analysts|experts|observers)$", re.IGNORECASE)

# Side markers, checked in this order: Karabakh's own authorities first, since they are
# usually described with the word "Armenian" ("Armenian-backed separatists").
SIDE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (side, re.compile(pattern))  # matched against lower-cased names
    for side, pattern in (
        ("Nagorno-Karabakh", r"separatis\w*|enclave|self-proclaimed|unrecogni[sz]ed|breakaway|artsakh|stepanakert|"
                             r"karabakh\W+(?:officials?|military|army|authorit\w+|republic|president|leader|"
                             r"defen[cs]e|ombudsman|emergency|interior|government|forces|spokesman)|"
                             r"(?:nagorno-)?karabakh(?:’s|'s)\s|karabakh army|army of defen[cs]e|nkr\b|"
                             r"(?:authorities|officials|leaders?|government|officials|administration)\s+in\s+"
                             r"(?:nagorno-)?karabakh|armenian-backed (?:administration|authorities|government|leader)|"
                             r"ethnic armenian (?:authorities|officials|leaders?|forces)"),
        ("Azerbaijan", r"azerbaijan\w*|azeri\w*|\bbaku\b|aliyev|hasanov|hikmet hajiyev|bayramov|ganca|ganja"),
        ("Armenia", r"armenia\w*|yerevan|pashinyan|sarkisian|sargsyan|kocharyan|mnatsakanyan|mirzoyan"),
        ("Russia", r"russia\w*|kremlin|moscow|putin|lavrov|peskov|shoigu|medvedev|zakharova"),
        ("third party", r"\bu\.?s\.?\b|united states|state department|washington|white house|european|\beu\b|"
                        r"osce|minsk group|united nations|\bun\b|nato|france|french|macron|turkey|turkish|ankara|"
                        r"erdogan|iran\w*|tehran|germany|german|georgia\w*|britain|british|kerry|blinken|biden|"
                        r"borrell|red cross|icrc|human rights watch|amnesty"),
    )
)
@dataclass(frozen=True)
class Attribution:
    """A claimant as named in the text, the side it speaks for, and where the name sits."""

    claimant: str
    side: str
    start: int
    end: int

    @property
    def is_pronoun(self) -> bool:
        return bool(PRONOUN.match(self.claimant))


def side_of(name: str) -> str:
    """The side a claimant speaks for, from nationality, capital, office or known names."""
    name = name.lower()
    hits = [(m.start(), order, side) for order, (side, pattern) in enumerate(SIDE_MARKERS)
            if (m := pattern.search(name))]
    if not hits:
        return "unknown"
    karabakh = [h for h in hits if h[2] == "Nagorno-Karabakh"]
    if karabakh:
        return "Nagorno-Karabakh"
    return min(hits)[2]


def dateline_side(text: str, reach: int = 600) -> str:
    """The side of the city an article is filed from, when its opening lines carry a dateline."""
    match = DATELINE_CITY.search(text[:reach])
    if not match:
        return "unknown"
    side = side_of(match.group("city"))
    if side == "unknown":  # a town of either country ("Ganja, October 17", "GORIS, Sept 14")
        from geo.geocode import geocode

        found = geocode(match.group("city").title())
        country = found.place.country if found.place and found.place.precision == "point" else ""
        side = {"AM": "Armenia", "AZ": "Azerbaijan"}.get(country, "unknown")
    return side


def find_attribution(text: str) -> Attribution | None:
    """The first party a sentence attributes its statement to, or None.

    Tried in order: 'according to X'; '"…," said X'; 'X said/announced/…'.
    """
    for finder in (_according_to, _said_who, _subject_said):
        found = finder(text)
        if found is not None:
            return _with_dateline_side(found, text)
    return None


def _with_dateline_side(found: Attribution, text: str) -> Attribution:
    """'In Baku, the president's aide said…': a capital opening the sentence gives an unnamed office its side."""
    if found.side != "unknown":
        return found
    lead = DATELINE.match(text)
    side = side_of(lead.group(1)) if lead else "unknown"
    return Attribution(found.claimant, side, found.start, found.end) if side != "unknown" else found


def _according_to(text: str) -> Attribution | None:
    match = ACCORDING_TO.search(text)
    if not match:
        return None
    return _make(match.group("who"), match.start("who"), text)


def _said_who(text: str) -> Attribution | None:
    match = SAID_WHO.search(text)
    if not match or CLAUSE_VERB.search(match.group("who")):
        return None
    return _make(match.group("who"), match.start("who"), text)


def _subject_said(text: str) -> Attribution | None:
    """'X said' style: the claimant is the words before the speech verb, back to a quote or clause edge."""
    for match in SPEECH_VERB.finditer(text):
        before = text[:match.start()]
        if PASSIVE_BEFORE.search(before) or inside_quote(before):
            continue  # passive voice, or a verb inside the quotation itself
        cut = max(before.rfind(q) for q in "“”\"")
        chunk_start = cut + 1 if cut >= 0 else 0
        chunk = before[chunk_start:]
        chunk = _last_noun_phrase(chunk)
        if not chunk:
            continue
        found = _make(chunk, text.find(chunk, chunk_start), text)
        if found is not None:
            return found
    return None


# A live blog's time stamp opening an entry ("11:30", "09.15"): furniture, never part of a name.
CLOCK = re.compile(r"^\s*\d{1,2}[:.]\d\d\s+")


def _last_noun_phrase(chunk: str) -> str:
    """The subject right before a verb: the last comma-separated piece, joined to an apposition."""
    chunk = re.split(r"\s[—–-]{1,2}\s", chunk)[-1]  # a dateline ("YEREVAN, Armenia —") ends at its dash
    # "Barda was also hit: Baku said": a colon ends the narrator's words; "11:30 Baku says": a live blog's clock
    chunk = CLOCK.sub("", re.split(r":\s", chunk)[-1])
    chunk = TAIL_NOISE.sub("", chunk.strip().rstrip(",")).strip()
    # "Officials in Karabakh, meanwhile, said": an adverb between commas is not the subject
    pieces = [p.strip() for p in chunk.split(",") if p.strip() and not ADVERBIAL.fullmatch(p.strip())]
    if not pieces:
        return ""
    phrase = pieces[-1]
    if RELATIVE.match(phrase) and len(pieces) > 1:
        pieces, phrase = pieces[:-1], pieces[-2]
    # "Vahram Poghosyan, presidential spokesman for …": a role joins the name before it, and
    # "A spokesman for the forces, Senor Hasratyan": a bare name joins the role before it
    if (len(pieces) > 1 and phrase[:1].islower() and ROLE.match(phrase) and BARE_NAME.match(pieces[-2])
            and not PREPOSITION.match(pieces[-2])) or len(pieces) > 1 and BARE_NAME.match(phrase) and ROLE.search(pieces[-2]) and not PREPOSITION.match(pieces[-2]):
        phrase = f"{pieces[-2]}, {phrase}"
    phrase = LEAD_NOISE.sub("", phrase).strip()
    # a subordinate clause ("… that the ministry") leaves only the last subject
    phrase = re.split(r"\b(?:that|which|who|while|as|when|after|because)\s+", phrase)[-1].strip()
    return phrase


def _make(raw: str, start: int, text: str) -> Attribution | None:
    name = TAIL_NOISE.sub("", LEAD_NOISE.sub("", raw.strip())).strip(" ,.")
    if not name or len(name.split()) > MAX_CLAIMANT_WORDS or RELAYS.search(name) and not _party_word(name):
        return None
    if NO_PARTY.match(name):
        return Attribution(name, "unknown", start, start + len(name))
    if not (name[:1].isupper() or PRONOUN.match(name) or re.match(r"(?:the|a|an)\s+[A-Z]", name)
            or _party_word(name)):
        return None
    offset = text.find(name, max(start, 0))
    offset = offset if offset >= 0 else max(start, 0)
    return Attribution(name, side_of(name), offset, offset + len(name))


def _party_word(name: str) -> bool:
    return bool(re.search(r"ministry|spokes|official|president|minister|government|authorit|military|command|"
                          r"press service|office|emergency service|ombudsman|army|prosecutor|governor|mayor|"
                          r"administration|police|head of",
                          name, re.IGNORECASE))


assert {side for side, _ in SIDE_MARKERS} | {"unknown"} == set(SIDES), "SIDE_MARKERS must cover model.SIDES"


def is_institutional(attr: Attribution) -> bool:
    """'the Defense Ministry', 'a spokesman': an office whose side the previous attribution gives."""
    return bool(re.search(r"ministry|spokes|official|command|army|military|forces|ombudsman|press service|"
                          r"authorities|office|emergency", attr.claimant, re.IGNORECASE))
