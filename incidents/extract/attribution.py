"""Who says so: the claimant of a statement, its side, and whether it is a denial.

In war reporting the outlet relays what a ministry, a spokesperson or an
official says; the map must show whose claim it is. The claimant is read
from the attribution ("X said", "according to X", "X announced", "X wrote
on Facebook", '"...," said X') and kept apart from the outlet; news agencies
quoted as a source ("Reuters reported") are relays, not claimants.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from geo.geocode import geocode
from incidents.extract.places import in_karabakh_region
from incidents.extract.sentences import inside_quote
from incidents.model import SIDES, Article

# Longest claimant we accept, in words: beyond that we have grabbed a clause, not a name.
MAX_CLAIMANT_WORDS = 14

_SPEECH = (r"said|says|announced|announces|claimed|claims|reported|reports|stated|states|told|wrote|added|noted|"
           r"confirmed|confirms|accused|accuses|denied|denies|deny|insisted|alleged|alleges|declared|warned|"
           r"charged|asserted|rejected|rejects|dismissed|maintained|complained|argued|explained|promised|vowed|"
           r"threatened|pledged|recorded|registered|informed|saying|described|describes|stressed|emphasi[sz]ed|"
           r"specified|clarified|tweeted|posted|underlined|indicated|answered|responded|replied|"
           # "called the statement an absolute lie": naming something a lie is a statement; "which Azerbaijan
           # calls Khankendi" is not
           r"called(?=[^.;]{0,80}\b(?:lie|fabrication|provocation|disinformation|fake|false|groundless|slander))")
SPEECH_VERB = re.compile(r"\b(?:" + _SPEECH + r")\b")
ACCORDING_TO = re.compile(r"\baccording to\s+(?P<who>[^,.;:“”\"]+)", re.IGNORECASE)
# A statement named after what it reports: "This is stated in the ministry's bulletin", "It was
# reported by the border service"; and a relay's source: "the agency reports, citing the border
# service", "reads a statement from the ministry".
STATED_IN = re.compile(r"^\W*(?:this|it|that)\s+(?:is|was|has been|had been)\s+(?:stated|said|reported|announced|noted|"
                       r"declared|specified)(?:\s+to\s+[\w.-]+)?\s+(?:in|by)\s+(?P<who>[^,.;:“”\"]+)", re.IGNORECASE)
CITING = re.compile(r"\b(?:citing|quoting|(?:reads|read) an? (?:message|statement|report|release) (?:from|by|of))\s+"
                    r"(?P<who>[^,.;:“”\"]+)", re.IGNORECASE)
# "the statement reads", "a message from the ministry read": a document quoted as speaking.
STATEMENT_READS = re.compile(r"[,”\"’]\s+(?P<who>(?:the|a|an)\s+[^,.;:“”\"]{0,80}?(?:statement|message|release|bulletin|"
                             r"report|communiqu\w+)(?:\s+(?:of|from|by)\s+[^,.;:“”\"]{2,60}?)?)\s+"
                             r"(?:reads|read|says|said|states|stated)\b", re.IGNORECASE)
# "The ombudsman received information that…": the one who learned it is the one who reports it.
RECEIVED_INFORMATION = re.compile(r"(?P<who>(?:the\s+)?[A-Z][^,.;:“”\"]{2,90}?)\s+(?:has\s+|had\s+)?"
                                  r"(?:received|obtained|gathered)\s+(?:\w+\s+)?information\s+that\b")
# The outlet's own reporters ("our correspondents say", "AZERTAC's correspondent reports"): the outlet speaks.
OWN_REPORTERS = re.compile(r"^(?:our|its|the agency[’']s|[A-Z][\w.-]*[’']s)\s+(?:own\s+)?(?:correspondents?|reporters?)$")
# '"...," said Vahram Poghosyan' and '..., said the ministry'
SAID_WHO = re.compile(r"[,”\"’]\s+(?:said|says|added|wrote|announced|reported|reports|stated|noted|told|explained)\s+"
                      r"(?P<who>(?:the\s+)?[A-Z][^,.;:“”\"]{2,80}|the\s+[a-z][\w\s-]{0,40}?(?:governor|ministry|spokes\w+|"
                      r"officials?|command|service|office|authorities|army|police|prosecutor|mayor|administration))")
# A finite verb inside the words after "said" makes them the reported clause, not the speaker
# ("…, meanwhile, said Stepanakert had been hit").
CLAUSE_VERB = re.compile(r"\b(?:had|has|have|was|were|is|are|would|will|could|did|hit|struck|took|shot|fought|began)\b"
                         r"|\b[a-z]+ed\b")

# Leading adverbials and connectives that are not part of the claimant's name.
LEAD_NOISE = re.compile(
    r"^(?:(?:since then|separately|earlier|later|meanwhile|however|in (?:a|its) statement|in all|but|and|also|"
    r"on \w+(?: \d+)?|at the same time|in response|in turn|for (?:its|their) part|instead|with|after|when|as|once|"
    r"while|before|today|yesterday|tonight|according to|in the (?:morning|afternoon|evening|night)|at \d{1,2}[:.]\d\d|"
    # a stored page's date prefix ("date 2021-07-14 Armenia's Ministry of Defense said")
    r"date \d{4}-\d\d-\d\d|"
    # the document between a source and its speaker ("the information spread by the Defense Ministry")
    r"the (?:information|data|figures|reports?) (?:spread|provided|released|published|issued) by)[, ]+)+",
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
    r"today|yesterday|tonight|earlier|previously|again|separately|already|soon|further|has|have|had|had earlier|"
    r"has not yet|has not|have not|did not|had not|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|this morning|in a statement)|,)+$",
    re.IGNORECASE,
)
# "There were no reports of…", "media reports": the speech word is a noun, and names no speaker.
NOUN_BEFORE = re.compile(r"\b(?:no|the|a|an|these|those|such|media|news|press|any|initial|first|unconfirmed)\s*$",
                         re.IGNORECASE)
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
                     r"the statement|the officials?|the military|the army|the command|the service|the department|"
                     r"the same source|this source|the source)$",
                     re.IGNORECASE)
# Relays rather than parties: wire agencies and broadcasters named as the channel of a claim.
RELAYS = re.compile(r"\b(?:reuters|associated press|ap|afp|interfax|tass|ria novosti|bbc|cnn|al jazeera|anadolu|"
                    r"news service|news agency|newspaper|website|the president’s website|the president's website)\b",
                    re.IGNORECASE)
# Generic subjects that name no party.
NO_PARTY = re.compile(r"^(?:each side|both sides|the two sides|two opposing camps|the sides|officials|sources|"
                      r"witnesses|residents|analysts|experts|observers|(?:local |the )?media(?: reports)?|reports|"
                      r"(?:pro-)?government media|(?:officials|authorities) (?:of|in|from) both "
                      r"(?:countries|sides))$", re.IGNORECASE)

# Side markers, checked in this order: Karabakh's own authorities first, since they are
# usually described with the word "Armenian" ("Armenian-backed separatists").
SIDE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (side, re.compile(pattern))  # matched against lower-cased names
    for side, pattern in (
        ("Nagorno-Karabakh", r"separatis\w*|enclave|self-proclaimed|unrecogni[sz]ed|breakaway|artsakh|stepanakert|"
                             r"karabakh\W+(?:officials?|military|army|authorit\w+|republic|president|leader|"
                             r"defen[cs]e|ombudsman|emergency|interior|government|forces|spokesman|ministry|"
                             r"human rights|state service|police|rescuers)|"
                             r"(?:nagorno-)?karabakh(?:’s|'s)\s|karabakh army|army of defen[cs]e|nkr\b|"
                             r"(?:authorities|officials|leaders?|government|officials|administration)\s+in\s+"
                             r"(?:nagorno-)?karabakh|armenian-backed (?:administration|authorities|government|leader)|"
                             r"ethnic armenian (?:authorities|officials|leaders?|forces)|"
                             # "the region's ombudsman" in a report on Karabakh
                             r"the region[’']s\s+(?:[\w-]+\s+){0,2}(?:ombudsman|leader|authorities|president|officials|"
                             r"government|defen[cs]e (?:army|ministry)|emergency service)"),
        ("Azerbaijan", r"azerbaijan\w*|azeri\w*|\bbaku\b|aliyev|hasanov|hikmet hajiyev|bayramov|ganca|ganja"),
        ("Armenia", r"armenia\w*|yerevan|pashinyan|sarkisian|sargsyan|kocharyan|mnatsakanyan|mirzoyan"),
        ("Russia", r"russia\w*|kremlin|moscow|putin|lavrov|peskov|shoigu|medvedev|zakharova"),
        ("third party", r"\bu\.?s\.?\b|united states|state department|washington|white house|european|\beu\b|"
                        r"osce|minsk group|united nations|\bun\b|nato|france|french|macron|turkey|turkish|ankara|"
                        r"erdogan|iran\w*|tehran|(?:east|west)\s+azarbaijan|germany|german|georgia\w*|britain|british|kerry|blinken|biden|"
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
    # False for a speaker the text does not name for this clause: a party's own site speaking in its
    # own voice. Such a clause is still that party's claim, but it is not "quoted" evidence.
    named: bool = True

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
    camps = {{"Nagorno-Karabakh": "Armenia"}.get(side, side) for _, _, side in hits}
    if {"Azerbaijan", "Armenia"} <= camps and re.search(r"\band\b|\bboth\b|\beach other\b", name):
        return "unknown"  # "Armenia and Azerbaijan accused each other": both sides, no one party
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
        found = geocode(match.group("city").title())
        country = found.place.country if found.place and found.place.precision == "point" else ""
        side = {"AM": "Armenia", "AZ": "Azerbaijan"}.get(country, "unknown")
    return side


def find_attribution(text: str) -> Attribution | None:
    """The first party a sentence attributes its statement to, or None.

    Tried in order: 'This is stated in X'; 'according to X'; '…, citing X'; '"…," said X';
    '"…," the X statement reads'; 'X received information that'; 'X said/announced/…'.
    """
    for finder in (_stated_in, _according_to, _citing, _said_who, _statement_reads, _received_information,
                   _subject_said):
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


def names_statement(sentence: str) -> bool:
    """Whether a sentence names the statement it reports from ("This is stated in…", "…, the statement
    reads", "…, the ministry said in a statement")."""
    return bool(STATED_IN.search(sentence) or STATEMENT_READS.search(sentence)
                or re.search(r"\bin (?:a|its|the) (?:statement|bulletin|press release|report)\b", sentence))


def _stated_in(text: str) -> Attribution | None:
    match = STATED_IN.search(text)
    return _make(match.group("who"), match.start("who"), text, named_by_pattern=True) if match else None


def _citing(text: str) -> Attribution | None:
    match = CITING.search(text)
    return _make(match.group("who"), match.start("who"), text, named_by_pattern=True) if match else None


def _statement_reads(text: str) -> Attribution | None:
    match = STATEMENT_READS.search(text)
    return _make(match.group("who"), match.start("who"), text, named_by_pattern=True) if match else None


def _received_information(text: str) -> Attribution | None:
    match = RECEIVED_INFORMATION.search(text)
    return _make(_last_noun_phrase(match.group("who")), match.start("who"), text) if match else None


def _said_who(text: str) -> Attribution | None:
    match = SAID_WHO.search(text)
    if not match or CLAUSE_VERB.search(match.group("who")):
        return None
    return _make(match.group("who"), match.start("who"), text)


def _subject_said(text: str) -> Attribution | None:
    """'X said' style: the claimant is the words before the speech verb, back to a quote or clause edge."""
    for match in SPEECH_VERB.finditer(text):
        before = text[:match.start()]
        if PASSIVE_BEFORE.search(before) or inside_quote(before) or NOUN_BEFORE.search(before):
            continue  # passive voice, a verb inside the quotation itself, or a noun ("no reports of…")
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


def _make(raw: str, start: int, text: str, named_by_pattern: bool = False) -> Attribution | None:
    """An attribution from the words naming a speaker, or None when they name none. `named_by_pattern`
    is set where the wording itself says these words are the source ("citing …", "… statement reads")."""
    name = TAIL_NOISE.sub("", LEAD_NOISE.sub("", raw.strip())).strip(" ,.")
    if not name or len(name.split()) > MAX_CLAIMANT_WORDS or RELAYS.search(name) and not _party_word(name):
        return None
    if NO_PARTY.match(name):
        return Attribution(name, "unknown", start, start + len(name))
    if not (named_by_pattern or name[:1].isupper() or PRONOUN.match(name) or re.match(r"(?:the|a|an)\s+[A-Z]", name)
            or _party_word(name) or INSTITUTION.search(name) or OWN_REPORTERS.match(name)):
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


def is_official(claimant: str) -> bool:
    """Whether a claimant speaks in office (a ministry, a spokesman, a command), not as a former official,
    analyst or witness."""
    return bool(INSTITUTION.search(claimant) or re.search(r"\b(?:president|minister|aide|governor|mayor)\b",
                                                          claimant, re.IGNORECASE)) \
        and not re.search(r"\b(?:former|ex-|retired|analyst|expert)", claimant, re.IGNORECASE)


def is_institutional(attr: Attribution) -> bool:
    """'the Defense Ministry', 'a spokesman': an office that names no country of its own."""
    return bool(INSTITUTION.search(attr.claimant))


# Offices that speak for a country without naming it ("the Defense Ministry", "the press service").
INSTITUTION = re.compile(r"ministry|\bmod\b|spokes|official|command|army|military|forces|ombudsman|press service|"
                         r"press office|border service|authorities|office|emergency|prosecutor|bulletin|"
                         r"statement|headquarters|government|agency for|state service|"
                         r"(?:border|guard|security|press|emergency|rescue|intelligence) (?:\w+ )?service", re.IGNORECASE)
# A country's own domain: an outlet published under it writes for that country's readers.
HOME_DOMAINS: dict[str, str] = {"az": "Azerbaijan", "am": "Armenia"}
# Outlets at home on one side that publish without their country's domain, or are named without a URL
# (lower-case fragments of the outlet's name or host). Azerbaijani and Armenian outlets name their
# own defence ministry "the Defense Ministry"; wires and foreign outlets never do without a country.
OUTLET_HOMES: tuple[tuple[str, str], ...] = (
    ("artsakhpress", "Nagorno-Karabakh"), ("artsakh.news", "Nagorno-Karabakh"), ("nkr.am", "Nagorno-Karabakh"),
    ("asbarez", "Armenia"), ("panarmenian", "Armenia"), ("armenpress", "Armenia"), ("azatutyun", "Armenia"),
    ("armenian weekly", "Armenia"), ("armenianweekly", "Armenia"), ("mirror-spectator", "Armenia"),
    ("mirrorspectator", "Armenia"), ("evn report", "Armenia"), ("evnreport", "Armenia"), ("civilnet", "Armenia"),
    ("mediamax", "Armenia"), ("news.am", "Armenia"), ("hetq", "Armenia"), ("arminfo", "Armenia"),
    ("lragir", "Armenia"), ("aravot", "Armenia"), ("public radio of armenia", "Armenia"),
    ("azertac", "Azerbaijan"), ("azertag", "Azerbaijan"), ("trend news", "Azerbaijan"), ("report.az", "Azerbaijan"),
    ("apa.az", "Azerbaijan"), ("azeri press agency", "Azerbaijan"), ("turan", "Azerbaijan"),
    ("azernews", "Azerbaijan"), ("caliber.az", "Azerbaijan"), ("news.az", "Azerbaijan"), ("1news.az", "Azerbaijan"),
    ("day.az", "Azerbaijan"), ("oxu.az", "Azerbaijan"), ("minval", "Azerbaijan"),
)
# An outlet credited as republishing a wire's copy ("National Post (Reuters)"): the words are the
# wire's, written for no home audience.
WIRE_COPY = re.compile(r"\b(?:reuters|associated press|ap|afp|al jazeera|bbc|anadolu|tass|interfax|ria novosti)\b",
                       re.IGNORECASE)


# A party's own site ("Ministry of Defense of Azerbaijan (mod.gov.az)", mil.am): what it publishes in its
# own voice is that party's statement.
PARTY_HOST = re.compile(r"^(?:www\.)?(?:mil|mod|mfa|president|gov|government|pm|primeminister)\.|\.gov\.", re.IGNORECASE)


def is_party_outlet(outlet: str, url: str) -> bool:
    """Whether the outlet is a government body itself (a ministry's site), not a news outlet."""
    host = (urlsplit(url).hostname or "") if url else ""
    return bool(PARTY_HOST.search(host)) or bool(re.search(r"\b(?:ministry|government|president(?:ial)? "
                                                             r"(?:office|administration)|defen[cs]e army)\b",
                                                             outlet, re.IGNORECASE))


def home_side(outlet: str, url: str, text: str) -> str:
    """The side an outlet is at home on, for unnamed national offices in its text: its domain, a known
    outlet's name, else the city its dateline names; "unknown" for wire copy and foreign outlets."""
    if WIRE_COPY.search(outlet):
        return "unknown"
    host = urlsplit(url).hostname or "" if url else ""
    tld = host.rsplit(".", 1)[-1] if host else ""
    if tld in HOME_DOMAINS:
        return HOME_DOMAINS[tld]
    named = f"{outlet} {host}".lower()
    for fragment, side in OUTLET_HOMES:
        if fragment in named:
            return side
    side = dateline_side(text)  # a foreign capital's dateline gives its officials no home among the parties
    return side if side in ("Azerbaijan", "Armenia", "Nagorno-Karabakh") else "unknown"


# A person introduced with an office, before or after the name: "presidential aide Hikmet Hajiyev",
# "Shushan Stepanyan, the press secretary of the Armenian MoD". A later "Hajiyev said" is that person.
# Capitalised words of offices and countries, never a person's name.
NOT_A_NAME = frozenset({"the", "ministry", "defense", "defence", "service", "state", "border", "press", "emergency",
                        "situations", "president", "prime", "minister", "office", "republic", "army", "armed", "forces",
                        "foreign", "affairs", "interior", "national", "security", "spokesman", "spokeswoman",
                        "spokesperson", "general", "staff", "department", "agency", "committee", "council", "human",
                        "rights", "defender", "ombudsman", "mod", "mfa", "peacekeeping", "contingent", "command"})
_NOT_NAME_WORD = r"(?!(?i:" + "|".join(sorted(NOT_A_NAME)) + r")\b)"
_NAME = r"(?P<name>" + _NOT_NAME_WORD + r"[A-Z][a-z’'-]+(?:\s+" + _NOT_NAME_WORD + r"[A-Z][a-z’'-]+){1,2})"
OFFICE_WORDS = (r"spokes\w+|aide|assistant|minister|ombudsman|mayor|governor|head|chief|commander|secretary|"
                r"advis[eo]r|president|representative|official|director|envoy|ambassador|deputy|prosecutor")
OFFICE_WORD = re.compile(r"\b(?:" + OFFICE_WORDS + r")\b", re.IGNORECASE)
OFFICE_BEFORE_NAME = re.compile(r"(?P<office>(?:[\w’'-]+\s+){0,7}?(?:" + OFFICE_WORDS + r")\b(?:\s+(?:of|for|to|at)\s+"
                                r"(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,6}?)?)\s*,?\s+" + _NAME + r"\b")
NAME_BEFORE_OFFICE = re.compile(_NAME + r",\s+(?:the|a|an)\s+(?P<office>[^,.;:“”\"()]{0,100}?(?:" + OFFICE_WORDS +
                                r")[^,.;:“”\"()]{0,80})")
# A local office named after its place ("the mayor of Sisian", "Aghdam Region Executive Power"): the
# official speaks for the country that governs the place.
LOCAL_OFFICE = re.compile(r"\b(?:mayor|governor|head|chief|administration|municipality|prefect|community)\s+of\s+"
                          r"(?:the\s+)?(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)|"
                          r"(?P<place2>[A-Z][\w’'-]+)\s+(?:[Rr]egion(?:al)?\s+|[Dd]istrict\s+)?(?:[Ee]xecutive [Pp]ower|"
                          r"[Aa]dministration|[Mm]unicipality|[Mm]ayor[’']?s? [Oo]ffice)")
# Towns the Nagorno-Karabakh authorities governed until September 2023 (most of the region they held
# before the 2020 war was Azerbaijan's again after November 2020).
HELD_UNTIL_2023 = frozenset({"Stepanakert", "Martakert", "Martuni", "Askeran", "Chartar"})
KARABAKH_HELD_UNTIL = dt.date(2020, 11, 10)
KARABAKH_GONE = dt.date(2023, 10, 1)


def local_office_side(claimant: str, when: dt.date | None = None) -> str:
    """The side of a local official from the place of the office: Armenia's towns and villages speak for
    Armenia; Azerbaijan's for Azerbaijan, except where the Nagorno-Karabakh authorities governed."""
    match = LOCAL_OFFICE.search(claimant)
    if match is None:
        return "unknown"
    place = geocode(match.group("place") or match.group("place2")).place
    if place is None or place.country not in ("AM", "AZ"):
        return "unknown"
    if place.country == "AM":
        return "Armenia"
    if _karabakh_held(place.name, place.parent, when):
        return "Nagorno-Karabakh"
    return "Azerbaijan"


def _karabakh_held(name: str, parent: str | None, when: dt.date | None) -> bool:
    """Whether the Nagorno-Karabakh authorities governed a place of Azerbaijan on a day (today when None)."""
    if when is not None and when < KARABAKH_HELD_UNTIL:
        return in_karabakh_region(name)
    return name in HELD_UNTIL_2023 and (when is None or when < KARABAKH_GONE)


def surname_keys(claimant: str) -> set[str]:
    """The surnames a claimant names ("Armenian defence ministry spokeswoman Shushan Stepanyan" ->
    {"stepanyan"}): the last capitalised word of each run that is not an office or a country."""
    keys = set()
    for run in re.findall(r"(?:[A-Z][a-z’'-]+\s*)+", claimant):
        words = [w for w in run.split() if w.lower() not in NOT_A_NAME and side_of(w) == "unknown"]
        if words:
            keys.add(words[-1].lower().rstrip("’'s"))
    return keys


def office_key(claimant: str) -> str:
    """An office as named without its country or article ("Azerbaijan's border service" -> "border service")."""
    low = claimant.lower()
    for _, pattern in SIDE_MARKERS:
        low = pattern.sub(" ", low)
    low = re.sub(r"\b(?:the|a|an|of|its|their|statement by|[’']s)\b|[’']s\b|[^a-z ]", " ", low)
    return " ".join(low.split())


# "the ministry said", "the spokeswoman added": the last speaker described by that word.
PRONOUN_HEADS: dict[str, str] = {"ministry": "ministr", "spokesman": "spokes", "spokeswoman": "spokes",
                                 "spokesperson": "spokes", "official": "official", "officials": "official"}
# An office remembered by fewer words than this ("ministry") names no office in particular.
OFFICE_KEY_WORDS = 2


@dataclass
class Speakers:
    """Who has spoken so far in one article, and for which side.

    A claimant named without a side gets one from what the article said of it before: a pronoun or
    "the ministry" is the last speaker; a surname is the person introduced with an office ("presidential
    aide Hikmet Hajiyev", wherever the article says so); an office is the one named with its country
    earlier ("Azerbaijan's border service" ... "the statement by the border service"); a local official
    speaks for the country governing the place; an unnamed national office is the outlet's home.
    """

    home: str = "unknown"
    outlet: str = ""
    # the outlet is a party's own body (a ministry's site): unattributed words are its statement
    own_voice: bool = False
    sides: dict[str, set[str]] = field(default_factory=dict)
    # surname -> the person as first introduced ("Hajiyev" -> "Azeri presidential aide Hikmet Hajiyev")
    full_names: dict[str, str] = field(default_factory=dict)
    last: Attribution | None = None
    said: list[Attribution] = field(default_factory=list)

    @classmethod
    def of(cls, article: Article) -> Speakers:
        """Speakers of an article, primed with every person its text introduces with an office of known side."""
        text = article.text
        home = home_side(article.outlet, article.url, text)
        speakers = cls(home, article.outlet, is_party_outlet(article.outlet, article.url) and home != "unknown")
        # only the stretches between full stops that name an office (most do not) are searched for a person
        stretches = [m.group() for m in re.finditer(r"[^.\n]+", text) if OFFICE_WORD.search(m.group())]
        for pattern, stretch in ((p, t) for t in stretches for p in (OFFICE_BEFORE_NAME, NAME_BEFORE_OFFICE)):
            for match in pattern.finditer(stretch):
                side = side_of(match.group("office"))
                side = side if side != "unknown" else local_office_side(match.group("office"))
                for key in surname_keys(match.group("name")):
                    speakers.full_names.setdefault(key, " ".join(match.group().split()))
                    if side != "unknown":
                        speakers.sides.setdefault(key, set()).add(side)
        return speakers

    def resolve(self, attr: Attribution | None, when: dt.date | None = None) -> Attribution | None:
        """The attribution with the side the article gives its claimant; remembered for later mentions."""
        if attr is None:
            return Attribution(self.outlet, self.home, -1, -1, named=False) if self.own_voice else None
        if OWN_REPORTERS.match(attr.claimant) and self.outlet:
            attr = Attribution(self.outlet, self.home, attr.start, attr.end)
        side = attr.side
        antecedent = self._antecedent(attr.claimant) if attr.is_pronoun else None
        if antecedent is not None:
            attr = Attribution(antecedent.claimant, antecedent.side, attr.start, attr.end)
            side = attr.side
        full = self.full_names.get(attr.claimant.lower()) if BARE_NAME.match(attr.claimant) else None
        if full is not None:  # "Hajiyev said": the person as the article introduced him, for one name per person
            attr = Attribution(full, side_of(full), attr.start, attr.end)
            side = attr.side
        if side == "unknown" and not NO_PARTY.match(attr.claimant):
            side = self._known(attr.claimant)
        if side == "unknown":
            side = local_office_side(attr.claimant, when)
        if side == "unknown" and is_institutional(attr) and not NO_PARTY.match(attr.claimant):
            side = self.home if self.home != "unknown" else (self.last.side if self.last is not None else "unknown")
        attr = Attribution(attr.claimant, side, attr.start, attr.end)
        self._remember(attr)
        return attr

    def _antecedent(self, pronoun: str) -> Attribution | None:
        """Who "he", "it" or "the ministry" is: the last speaker, or for a noun ("the ministry", "the
        spokeswoman") the last speaker it describes."""
        head = pronoun.lower().split()[-1]
        if head in PRONOUN_HEADS:
            stem = PRONOUN_HEADS[head]
            return next((a for a in reversed(self.said) if stem in a.claimant.lower()), self.last)
        return self.last

    def _known(self, claimant: str) -> str:
        """The one side the article gave this person or office before, or "unknown" (none, or both).

        An office matches when the claimant names it whole ("State Service of Emergency Situations
        spokesperson Hunan Tadevosyan" after "the State Service of Emergency Situations of Artsakh")."""
        found = set()
        for key in surname_keys(claimant):
            found |= self.sides.get(key, set())
        office = f" {office_key(claimant)} "
        for key, sides in self.sides.items():
            if len(key.split()) >= OFFICE_KEY_WORDS and f" {key} " in office:
                found |= sides
        return next(iter(found)) if len(found) == 1 else "unknown"

    def _remember(self, attr: Attribution) -> None:
        self.last = attr
        self.said.append(attr)
        if attr.side == "unknown":
            return
        for key in surname_keys(attr.claimant) | {office_key(attr.claimant)}:
            if key:
                self.sides.setdefault(key, set()).add(attr.side)
