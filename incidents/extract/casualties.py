"""Killed and injured figures from a sentence, and whether they are civilians or soldiers.

A figure counts only when it is tied to people and to death or injury
("nine civilians were killed", "killed two members", "left three dead",
"the deaths of two fighters and a soldier"), which keeps out years, calibres
("120-millimeter"), clock times and distances. War-wide totals ("some 30,000
dead", "in all, 426 servicemen") are recognised and flagged, so they never
become the toll of one incident.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

# Characters after a figure searched for who the victims were ("… of the separatist forces").
WHO_WINDOW = 40
# Above this a figure is a war's or a campaign's toll, not one incident's.
WAR_TOLL_THRESHOLD = 1000

# Number words spelled out in reports; their values come from text2num (any compound, "one hundred
# and twenty-two"); the regular expression only finds where such a number stands.
_UNITS = (r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
          r"seventeen|eighteen|nineteen")
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNDER_100 = r"(?:" + _TENS + r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|" + _UNITS + r")"
# Articles and counting words that are numbers in a casualty phrase ("a soldier", "a dozen civilians").
COUNT_WORDS: dict[str, int] = {"a": 1, "an": 1, "a single": 1, "another": 1, "a dozen": 12, "dozen": 12}
_WORD_NUM = (r"(?:(?:" + _UNDER_100 + r"\s+)?hundred(?:\s+(?:and\s+)?" + _UNDER_100 + r")?|" + _UNDER_100 +
             r"|a dozen|a single|another|dozen|an|a)(?![\w-])")
# qualifiers that do not change the figure we report ("at least nine" -> 9)
_QUALIFIER = r"(?:(?:at least|at most|some|about|around|nearly|almost|more than|over|up to|as many as|another)\s+)?"
NUM = r"(?P<@@>" + r"\d{1,3}(?:,\d{3})*(?!\s*(?:-|mm\b|millimet|km\b|kilomet|percent|%|a\.m|p\.m|GMT|times|hours|days|years|year))" \
      + r"|" + _WORD_NUM + r")"

# Military ranks: "Private A and Corporal B died of wounds" names two victims by rank.
RANKS = (r"(?:(?:junior|senior|chief|first|second)\s+)?(?:privates?|corporals?|sergeants?|ensigns?|lieutenants?|"
         r"captains?|majors?|colonels?|lieutenant colonels?|major generals?|generals?|warrant officers?|"
         r"conscripts?|contract servicem[ae]n|servicem[ae]n|soldiers?)")
# who can be killed or injured; the adjective slot takes nationality and role words
PEOPLE = (r"(?:civilians?|people|persons?|wom[ae]n|man|boys?|girls?|teenagers?|pensioners?|drivers?|shepherds?|"
          r"servicem[ae]n|soldiers?|troops|fighters?|members?|residents?|children|child|men|others|more|militants?|"
          r"personnel|officers?|policem[ae]n|volunteers?|conscripts?|reservists?|villagers?|separatists?|rebels?|"
          r"sappers?|deminers?|journalists?|reporters?|workers?|farmers?|combatants?|peacekeepers?|guards?|"
          r"border guards?|police|medics?|paramedics?|rescuers?|doctors?|nurses?|employees?|staff|passengers?|"
          r"students?|engineers?|builders?|crew members?|electricians?|Azerbaijanis|Armenians|Azeris|citizens?|"
          r"inhabitants?|locals|recruits?|neighbou?rs?|relatives|family members|" + RANKS + r")")
_ADJ = r"(?:[\w’'-]+\s+){0,3}?"
# "four police officers", "two border guards": a second people-noun completes the first
_NP = NUM + r"\s+(?:of\s+(?:its|their|our|the)\s+)?" + _ADJ + PEOPLE + r"(?:\s+" + PEOPLE + r")?"
# "three servicemen of the Defense Army were killed": the unit named after the people
_OF_UNIT = (r"(?:\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?(?:army|forces|units?|ministry|service|guard|police|agency|"
            r"company|office|department|mission|committee|brigade|battalion|regiment|division|corps|post|outpost)"
            r"(?-i:\s+[A-Z0-9]{1,5}\b)?(?:\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?(?:ministry|army|forces)"
            r"(?:\s+of\s+[A-Z][\w’'-]+)?)?)?")
# "a resident of Sotk, who was killed": the victim's home and a relative pronoun before the verb
_HOME = r"(?:\s+(?:of|from)\s+[\w’'-]+(?:\s+(?:region|district|village|province|town|city))?)?(?:,?\s+who)?"
_VERB_KILL = r"(?:killed|dead|died|slain|lost their lives|perished|killed in action)"
_VERB_HURT = r"(?:injured|wounded|hurt)"
_BE = (r"(?:\s+(?:were|was|have been|has been|had been|are|is|being|got|had|have|has))?"
       r"(?:\s+(?:reportedly|also|all|later|subsequently|then|both|instantly))?\s+")


def _people_then(verb: str, name: str) -> re.Pattern[str]:
    """'<number> <people> (and <number> <people>) were <verb>' (passive or intransitive)."""
    np1, np2 = _NP.replace("@@", name + "1"), _NP.replace("@@", name + "2")
    return re.compile(r"\b" + _QUALIFIER + np1 + _OF_UNIT + _HOME + r"(?:\s+and\s+" + _QUALIFIER + np2 + r")?" + _BE + verb
                      + r"\b",
                      re.IGNORECASE)


def _verb_then(verb: str, name: str) -> re.Pattern[str]:
    """'<verb> <number> <people> (and <number> <people>)' (active voice: 'killed two members')."""
    np1, np2 = _NP.replace("@@", name + "1"), _NP.replace("@@", name + "2")
    return re.compile(r"\b" + verb + r"\s+" + _QUALIFIER + np1 + r"(?:\s+and\s+" + _QUALIFIER + np2 + r")?\b",
                      re.IGNORECASE)


# "killed 13 and wounded more than 50": a bare figure right after the verb, ending the phrase
BARE_END = r"(?=\s*(?:[,.;]|and\b|early\b|late\b|on\b|in\b|when\b|after\b|overnight\b|$))"
_KILL_NOUN = r"(?:deaths?|killing|dead bodies|bodies)"
# A victim killed by name ("the strike killed Gevorg Vardanyan (53), and injured two other civilians"): one.
KILLED_BY_NAME = re.compile(r"\b(?:killed|killing)\s+(?:[A-Z][a-z’'-]+\s+){1,2}[A-Z][a-z’'-]+(?:\s*\(\d{1,3}\))?(?=\s*[,.;]|\s+and\b)")
# A bare count after another figure ("8 residents injured, one died"): the people are those just counted.
BARE_COUNT_DIED = re.compile(r"(?:,|\band)\s+" + _QUALIFIER + NUM.replace("@@", "k1") +
                             r"\s+(?:has\s+|have\s+)?(?:died|was killed|were killed|dead)\b", re.IGNORECASE)
KILLED_PATTERNS: tuple[re.Pattern[str], ...] = (
    _people_then(_VERB_KILL, "k"),
    _verb_then(r"(?:killed|killing|kills|kill)", "k"),
    _verb_then(_KILL_NOUN + r"\s+of", "k"),
    re.compile(r"\b(?:left|leaving|leaves)\s+" + _QUALIFIER + NUM.replace("@@", "k1") + r"\s+(?:\w+\s+)?(?:dead|killed)\b",
               re.IGNORECASE),
    re.compile(r"\b" + _QUALIFIER + NUM.replace("@@", "k1") + r"\s+(?:[\w-]+\s+)?(?:dead|deaths|fatalities)\b", re.IGNORECASE),
    re.compile(r"\b(?:killed|killing)\s+" + _QUALIFIER + NUM.replace("@@", "k1") + BARE_END, re.IGNORECASE),
    re.compile(r"\bfamily of\s+" + NUM.replace("@@", "k1") + r"\s+(?:was|were|had been|have been)\s+killed\b",
               re.IGNORECASE),
    BARE_COUNT_DIED,
)
INJURED_PATTERNS: tuple[re.Pattern[str], ...] = (
    _people_then(_VERB_HURT, "k"),
    # "three were killed and 15 wounded in the strikes": a bare figure sharing the killed clause's verb
    re.compile(r"\b(?:killed|dead)\s+and\s+" + _QUALIFIER + NUM.replace("@@", "k1") + r"\s+(?:others?\s+)?(?:injured|wounded)\b",
               re.IGNORECASE),
    _verb_then(r"(?:wounded|wounding|injured|injuring|injures)", "k"),
    re.compile(r"\b" + _QUALIFIER + NUM.replace("@@", "k1") + r"\s+(?:[\w-]+\s+)?(?:injured|wounded)\b(?!\s+(?:by|in))",
               re.IGNORECASE),
    re.compile(r"\b(?:wounded|wounding|injured|injuring)\s+" + _QUALIFIER + NUM.replace("@@", "k1") + BARE_END,
               re.IGNORECASE),
)

# Day numbers of a date ("on July 12 and 13 four servicemen…") are no figures: blanked before reading.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE_DAYS = re.compile(r"\b" + _MONTH + r"\s+\d{1,2}(?:\s*(?:and|-|–|to)\s*\d{1,2})?\b|"
                       r"\b\d{1,2}(?:\s*(?:and|-|–|to)\s*\d{1,2})?\s+" + _MONTH + r"(?=\W|$)")
# "the toll from today's strike on Barda": one event's toll, not a running total. "He puts the toll at
# 21 dead" is one speaker's count of the event just told; a war-wide one still says "so far",
# "overall" or "since…", or passes WAR_TOLL_THRESHOLD.
EVENT_TOLL = re.compile(r"\btoll (?:from|of|in) (?:the |this |that |today[’']s |yesterday[’']s |\w+day[’']s )?"
                        r"(?:\w+ )?(?:strike|attack|shelling|bombardment|explosion|blast)\b|"
                        r"\b(?:puts?|putting) the (?:death )?toll at\b")
# Words that mark a figure as a running or war-wide total rather than one event's toll.
AGGREGATE = re.compile(
    r"\b(?:in all|in total|all told|overall|death toll|toll|so far|to date|combat deaths|cumulative|"
    r"since the (?:start|beginning|outbreak)|since (?:fighting|the fighting|the war|hostilities) (?:began|erupted|broke out)"
    r"|over the (?:past|last) (?:week|month|year)s?|losses)\b",  # matched against lower-cased text
)
CIVILIAN = re.compile(r"\b(?:civilians?|residents|children|child|wom[ae]n|boys?|girls?|teenagers?|pensioners?|shepherds?|villagers|farmers|journalists|workers)\b",
                      re.IGNORECASE)
MILITARY = re.compile(r"\b(?:servicem[ae]n|soldiers?|troops|fighters|militants|personnel|officers?|conscripts|"
                      r"combatants|sappers|rebels|separatists|peacekeepers|guards)\b|\bmembers of\b.*\b(?:forces|army|units?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Casualties:
    """Figures found in one clause; `aggregate` marks running totals and war tolls."""

    killed: int | None = None
    injured: int | None = None
    civilian: bool | None = None
    aggregate: bool = False
    mentions_harm: bool = False

    @property
    def any(self) -> bool:
        return self.killed is not None or self.injured is not None


NONE = Casualties()


def parse_number(token: str) -> int | None:
    """'nine' -> 9, '1,200' -> 1200, 'twenty-two' -> 22, 'a' -> 1; None when it is no number."""
    token = " ".join(token.lower().split())
    if token.replace(",", "").isdigit():
        return int(token.replace(",", ""))
    if token in COUNT_WORDS:
        return COUNT_WORDS[token]
    try:
        return text2num(token, "en")
    except ValueError:
        return None


def _figure(patterns: tuple[re.Pattern[str], ...], text: str) -> tuple[int | None, str, bool]:
    """The first figure any pattern finds, the words it covered, and whether it was a war-size toll."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            values = [parse_number(match.group(g)) for g in ("k1", "k2") if g in pattern.groupindex and match.group(g)]
            values = [v for v in values if v is not None]
            if not values:
                continue
            total = sum(values)
            # the words right after the figure often say who they were ("two members of the forces")
            words = text[match.start():match.end() + WHO_WINDOW]
            if total >= WAR_TOLL_THRESHOLD:
                return None, words, True
            return total, words, False
    return None, "", False


# "32 people, including seven civilians, were killed": the aside would hide the verb from the figure.
# "two civilians, a woman and a child, had been killed": an apposition hides it the same way.
ASIDE = re.compile(r",\s+(?:including|among them|most of them|many of them|mostly|a|an|both)\s+[^,]{1,60},\s+",
                   re.IGNORECASE)
# "two officers, Major General A and Colonel B, were killed": whatever stands between commas right
# before the harm verb is an apposition or a breakdown of the figure; up to this many characters.
_ASIDE_PART = r"(?:[^,;.()]|\([^)]{0,30}\))"
ASIDE_BEFORE_VERB = re.compile(r",\s+" + _ASIDE_PART + r"{2,70}?(?:,\s+" + _ASIDE_PART + r"{2,40}?)?,\s+(?=(?:were|was|had been|have been|has been)"
                               r"\s+(?:\w+\s+)?(?:killed|wounded|injured|hurt|slain)\b)")
ANY_HARM = re.compile(r"kill|dead|die|death|slain|lives|perish|wound|injur|hurt|fatalit|casualt", re.IGNORECASE)
# Harm named without a figure ("there were wounded", "casualties among civilians").
HARM_WORD = re.compile(r"\b(?:killed|dead|died|deaths?|slain|casualties|killing|wounded|injured)\b", re.IGNORECASE)


# Ways of saying a wound killed: read as "killed" so the figure patterns apply ("one soldier was
# mortally wounded", "a conscript received a fatal gunshot wound", "died of his wounds").
FATAL_WOUND = ((re.compile(r"\b(?:fatally|mortally|lethally)\s+(?:wounded|injured|shot)\b", re.IGNORECASE), "killed"),
               (re.compile(r"\b(?:received|sustained|suffered)\s+(?:a\s+)?(?:fatal|mortal|lethal)\s+(?:\w+\s+)?"
                           r"(?:wounds?|injur(?:y|ies))\b", re.IGNORECASE), "was killed"),
               (re.compile(r"\bdied\s+(?:of|from)\s+(?:his|her|their|the)?\s*(?:wounds|injuries)\b", re.IGNORECASE),
                "died"))
# Ages are no figures: "two women, aged 94 and 41, were killed", "Gevorg Vardanyan (53)".
AGES = re.compile(r",?\s*\baged?\s+\d{1,3}(?:\s*(?:,|and)\s*\d{1,3})*,?|\s*\(\s*\d{1,3}\s*\)|\b\d{1,3}-year-old\b")
# "No one was injured", "nobody was hurt": no figure, and "one was injured" must not read as one.
NOBODY = re.compile(r"\b(?:no(?:[- ]one)?|nobody|none of them)\s+(?=(?:was|were|has been|had been)\b)", re.IGNORECASE)
# Victims named by rank: "Private A and Corporal B died", "Ensign Isa Almazov was killed" (one per rank).
_VICTIM = (r"(?:(?i:a|an|the)\s+)?(?i:" + RANKS + r")(?:\s+[A-Z][\w’'-]+){1,3}(?:\s*\([^)]{1,30}\))?")
_VICTIMS = r"(?P<victims>" + _VICTIM + r"(?:(?:\s*,\s*|\s*,?\s+and\s+)" + _VICTIM + r")*)\s*,?"
_BE_PASSIVE = r"(?:\s+(?:were|was|had been|have been|has been|got))?\s+"
NAMED_KILLED = re.compile(_VICTIMS + _BE_PASSIVE + r"(?:killed|died|dead|slain)\b")
NAMED_INJURED = re.compile(_VICTIMS + _BE_PASSIVE + r"(?:wounded|injured|hurt)\b")


def _named_victims(pattern: re.Pattern[str], text: str) -> int | None:
    """How many victims a clause names one by one with their rank, or None."""
    match = pattern.search(text)
    if match is None:
        return None
    return len(re.findall(r"(?<![\w-])(?i:" + RANKS + r")(?=\s+[A-Z])", match.group("victims"))) or None


# "Hayk Minasyan, a Karabakhi soldier, was killed": a person named, then what they were; read as "a
# Karabakhi soldier was killed" so the count of one applies.
NAMED_APPOSITION = re.compile(r"\b[A-Z][\w’'-]*\.?(?:\s+[A-Z][\w’'-]*\.?){1,3},\s+(?P<np>(?:a|an)\s+(?:[\w’'-]+\s+){0,3}?"
                              r"[a-z][\w’'-]+)\s*,\s+(?=(?:was|had been)\s+(?:\w+\s+)?(?:killed|wounded|injured|slain)\b)")


def find_casualties(text: str) -> Casualties:
    """Killed/injured in a clause, with civilian status when the words say so."""
    if not ANY_HARM.search(text):
        return NONE  # most clauses name no harm; skip the heavier patterns
    for pattern, plain in FATAL_WOUND:
        text = pattern.sub(plain, text)
    text = AGES.sub(" ", NOBODY.sub("nobody ", text))
    text = NAMED_APPOSITION.sub(lambda m: m.group("np") + " ", text)
    text = ASIDE_BEFORE_VERB.sub(" ", ASIDE.sub(" ", DATE_DAYS.sub("the date", text)))
    killed, kill_words, war_toll = _figure(KILLED_PATTERNS, text)
    if killed is None and not war_toll:
        killed = _named_victims(NAMED_KILLED, text) or (1 if KILLED_BY_NAME.search(text) else None)
    injured, hurt_words, _ = _figure(INJURED_PATTERNS, text)
    if injured is None:
        injured = _named_victims(NAMED_INJURED, text)
    words = f"{kill_words} {hurt_words}"
    civilian: bool | None = None
    if MILITARY.search(words):
        civilian = False
    elif CIVILIAN.search(words):
        civilian = True
    aggregate = war_toll or bool(AGGREGATE.search(EVENT_TOLL.sub(" ", text.lower())))
    return Casualties(killed, injured, civilian, aggregate, bool(HARM_WORD.search(text)))


# How far (characters) after a harm word "in <place>" may give a multi-place clause's toll to one place.
TOLL_PLACE_REACH = 40


# Speech that reports figures accumulated over time rather than one event.
PERFECT_TOLL = re.compile(r"\bha(?:ve|s|d) (?:been killed|died|been wounded|been injured)\b", re.IGNORECASE)


HARM = re.compile(r"killed|dead|died|deaths?|wounded|injured")
