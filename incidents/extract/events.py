"""What kind of event a sentence reports, from cue words (taxonomy in docs/extraction.md).

The cue lists are deliberately about the means and the act (drone, shelled,
clashes, violated the ceasefire), not about any one episode, so they carry
over from the 2016 April war to 2020, the 2022 border fighting and 2023.
A sentence that only calls for peace, reports habitual behaviour or tells the
history of the 1990s war is recognised too, because those are where most
false incidents come from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from incidents.extract.casualties import HARM, Casualties
from incidents.model import EVENT_TYPES


def _cue(words: str) -> re.Pattern[str]:
    # matched against lower-cased text: case-sensitive patterns run about three times faster
    return re.compile(r"\b(?:" + words + r")")


# Cue words per event type; the first type listed in EVENT_PRIORITY that matches wins.
CUES: dict[str, re.Pattern[str]] = {
    "drone strike": _cue(r"drones?\b|uavs?\b|unmanned aerial|air ?strikes?|airstrikes?|air raids?|warplanes?|"
                         r"fighter jets?|bayraktar|kamikaze|loitering munition"),
    "missile strike": _cue(r"missiles?\b|rockets?\b|smerch|grad\b|tochka|iskander|multiple[- ]launch|mlrs|"
                           r"ballistic|cluster munitions?"),
    "shelling": _cue(r"shell(?:ed|ing|s)?\b|artillery|mortars?\b|howitzers?|bombard\w*|bombed|bombing|barrage|"
                     r"heavy weapons"),
    "ceasefire violation": _cue(r"violat\w*\s+(?:of\s+)?(?:the\s+|a\s+)?(?:cease-?fire|truce)|"
                                r"(?:cease-?fire|truce)\s+(?:was\s+|were\s+|had been\s+|has been\s+)?"
                                r"(?:violated|broken|breached)|broke the (?:cease-?fire|truce)|"
                                r"breach(?:ed|es)? of the (?:cease-?fire|truce)|(?:cease-?fire|truce) (?:violations?|breach(?:es)?)|"
                                r"(?:several|numerous|isolated|multiple|repeated|\d+) violations\b"),
    "armed clash": _cue(r"clash\w*|fighting\b|fights?\b|fought\b|battles?\b|hostilities|skirmish\w*|offensive\b|"
                        r"counter-?offensive|(?:came|come|comes|coming|got|get|gets|getting) under (?:\w+ )?fire|subjected\b[^.]{0,80}\bto (?:\w+ )?fire|"
                        r"fired upon|(?:took|taken|seized|captured|liberated|recaptured|retook|retaken|regained)\s+(?!up\b)(?:control of\s+)?"
                        r"(?:[\w-]+\s+){0,4}?(?:villages?|towns?|city|settlements?|heights?|positions?|districts?)\b|attack\w*|assault\w*|firefights?|exchanges? of fire|exchang\w+ fire|opened fire|"
                        r"fired\b|firing\b|gunfire|sniper|incursion|infiltrat\w*|(?:taken|took|seized|secured)\s+"
                        r"control|captured|escalation|flare-?up|outbreak|military operations?|combat\b|"
                        r"violence|retaliat\w*|sabotage|provocation|tanks?\b|helicopters?|aviation|"
                        r"positions? (?:was |were )?destroyed|explosions?\b|blasts?\b|"
                        r"(?:anti|counter)-?terror\w* (?:measures|operations?)|"
                        r"(?:large-caliber|large-calibre|small-arms|small arms|machine-gun|automatic|intensive|enemy) fire\b|"
                        r"hit a (?:land)?mine|stepped on a (?:land)?mine|(?:land)?mines? (?:exploded|blasts?|explosions?)|"
                        # passive and state forms of being hit: "was again under fire", "was struck twice",
                        # "killed by landmines"; and troops moving across a line ("soldiers advanced 3 km")
                        r"(?:was|were|is|are|been|being|remains?|remained)\s+(?:\w+\s+){0,2}under (?:\w+ )?fire|"
                        r"(?:was|were|been|being)\s+(?:\w+\s+)?struck\b|(?:killed|wounded|injured) by (?:a |an )?(?:land)?mines?\b|"
                        r"(?:troops|soldiers|servicem[ae]n|forces|units)\s+(?:had |have |has )?(?:advanced|crossed (?:into|the border))|"
                        r"encroach\w*|"
                        # "was also hit/targeted", "damaged by Azerbaijani fire", "crossed the
                        # state border", the bulletins' "subversive acts"
                        r"(?<!not )(?<!never )(?<!n[’']t )(?:was|were|been|being)\s+(?!not\b|never\b)(?:\w+\s+)?(?:hit|targeted)\b(?!\s+hard\b)|"
                        r"(?:damaged|destroyed|hit|struck|killed|wounded|injured) by (?:\w+\s+){0,2}fire\b|"
                        r"(?:troops|soldiers|servicem[ae]n|forces|units)\s+(?:had |have |has )?crossed (?:the )?(?:\w+ )?border|"
                        r"subversive (?:acts?|activit\w*|operations?|groups?)|"
                        # a failed attempt is still fighting ("tried to seize a height and
                        # were pushed back")
                        r"(?:tried|trying|attempt\w*|sought) to (?:seize|capture|storm|break through|advance|cross|"
                        r"infiltrate|penetrate|push forward|move forward)|"
                        r"(?:pushed|beaten|driven|thrown) back|repell?ed\b|repulsed\b|"
                        # the act named by its verb and target: "pounded the villages", "mined the road",
                        # "fire on positions near X"
                        r"(?:hit|struck|pounded|stormed|raided|mined|(?:fire|shots|shooting)\s+(?:on|at))\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}?(?:villages?|"
                        r"towns?|city|settlements?|positions?|posts?|roads?|areas?|outposts?|bases?|checkpoints?|"
                        r"houses?|homes?|suburbs?|neighbou?rhoods?|communities|cent(?:re|er)|parts|yards?|fields?)\b|"
                        # the act as a noun with its place: "the capture of the village of X"; troops that
                        # "entered the zone" of the peacekeepers or "approached the village"
                        r"(?:capture|seizure|occupation|storming)\s+of\s+(?:the\s+)?(?:village|town|city|height|settlement|"
                        r"positions?|posts?)\b|(?:entered|approached)\s+(?:the\s+)?(?:zone|territory|area|village|town|"
                        r"settlement|positions?|outskirts)\b|"
                        # "the incident happened at the Yeraskh section": an event named only as an incident
                        r"fire\s+(?:was|were)\s+exchanged|"
                        r"(?:incident|violations?|shooting|firefight|explosion)\b[^.;]{0,60}\b(?:happened|occurred|"
                        r"took place|were recorded|was recorded)\b|"
                        # troops moving across the line: "advancing 3.5 kilometres", "violated the state border"
                        r"advanc\w+\s+(?:about\s+|some\s+|nearly\s+|up to\s+)?[\d.,]+\s*(?:kilomet\w+|km\b|met(?:er|re)s)|"
                        r"violat\w+\s+(?:the\s+)?(?:state\s+border|border|line[- ]of[- ]contact|contact line)\b"),
    "attack on civilians": _cue(r"civilian (?:settlements?|areas?|targets?|infrastructure|population)|residential|"
                                r"(?:a|the) (?:school|hospital|kindergarten|market|bus|ambulance)\b|homes?\b|"
                                r"targeted civilians"),
    "threat": _cue(r"threat(?:en|ened|ens|ening)?\b|warn(?:ed|s|ing)?\b|vow(?:ed|s)?\b|ultimatum|"
                   r"promised a\b|would (?:begin|launch|strike|attack|shell|respond|retaliate)"),
    "ceasefire": _cue(r"cease-?fire|truce|armistice|peace (?:deal|agreement)|halt (?:to )?(?:the )?fighting|"
                      r"stopped (?:the )?fighting|operations had been stopped|hostilities (?:ended|stopped)"),
}

# An attack verb aimed at a named place ("They hit Stepanakert, Shushi and Martakert"): matched against the
# text as written, since the capital letter is what says a place is named.
ATTACK_ON_NAME = re.compile(r"\b(?:hit|struck|pounded|stormed|raided|bombarded|rocketed)\s+(?:the\s+)?[A-Z][a-z]")
# The civilian-target nouns (homes, a school, a bus) report an attack only with an act of harm.
HARM_ACT = _cue(r"hit\b|struck|strike|shell|destroy|damag|fire|attack|bomb|target|kill|wound|injur|burn|explo|"
                r"rocket|missile|drone")
# Order in which types win when a sentence (or a merged incident) has several.
EVENT_PRIORITY: tuple[str, ...] = (
    "drone strike", "missile strike", "shelling", "attack on civilians", "ceasefire violation",
    "armed clash", "casualty report", "threat", "ceasefire",
)
# Weapons that point to a ground battle when two or more kinds are named together.
WEAPON_KINDS: tuple[str, ...] = ("drone strike", "missile strike", "shelling")
COMBINED_ARMS = _cue(r"tanks?\b|helicopters?|aviation|armou?red vehicles?|infantry")

# Appeals, diplomacy and commentary: such sentences report no event of their own.
DIPLOMACY = _cue(r"urg(?:ed|es|e|ing)\b|call(?:ed|s|ing)? (?:for|on)\b|appeal\w*|talks\b|negotiat\w*|mediat\w*|"
                 r"condemn\w*|expressed (?:serious )?concern|restraint|peace process|envoys?\b|summit|"
                 r"diplomatic|fact-finding|involvement|calls? to (?:end|stop|halt)|stop (?:the )?fighting|end to (?:the )?"
                 r"(?:violence|fighting|hostilities)")
# Habitual or hypothetical statements describe no single event.
HABITUAL = _cue(r"frequently|often\b|sporadically|regularly|routinely|from time to time|repeatedly|"
                r"risk of (?:war|escalation)|could (?:lead|spark|trigger)|fears? of")
# A clause opening on a span of years or decades sums up a period ("For two decades the line saw
# sniper fire"); "the worst fighting in decades" does not open on it and stays an event.
HABITUAL_SPAN = re.compile(r"^\W*(?:for|over|throughout) (?:the )?(?:(?:past|last|next) )?(?:\w+ )?(?:decades|years)\b")
# Conditional, speculative, future or negated action: nothing has happened (threats excepted).
HYPOTHETICAL = re.compile(r"^\W*(?:if|unless|should|were)\b|\b(?:could|may|might|can)\s+(?:\w+\s+)?"
                          r"(?:resume|attack|strike|escalate|break|erupt|start|spark|lead|spread|follow|happen)|"
                          r"\bwill (?:never|not|be)\b|\bwon[’']t\b|\bin case of\b|\bwould be\b")
# History of the 1990s war and its aftermath: background, never a mapped incident.
# A five-digit figure after "some"/"about" is a war-wide toll, unless it sizes a town ("a city of about
# 330,000 people", "home to some 50,000"): then it is a population, not history.
HISTORY = _cue(r"(?<!former )soviet|separatist war|19[89]0s|1988\s*[-–]\s*(?:19)?9[34]|(?:in|since|until) 199[0-4]\b|"
               r"(?:two|three)-decade|decades-old|since the early|first (?:karabakh )?war|the 1990s|"
               r"declared independence|(?<!of )(?<!to )(?:some|about|an estimated) [\d,]{5,}(?!\s+(?:residents|inhabitants))")


@dataclass(frozen=True)
class EventCue:
    """The event type a clause reports and where its deciding cue word sits."""

    event_type: str
    start: int
    end: int


def classify(text: str, has_casualties: bool = False) -> EventCue | None:
    """The event type of a clause, or None when it reports no event.

    Threat wins over the weapons it names ("warned it would shell…") because
    nothing has happened yet; two or more kinds of arms named together
    ("tanks, artillery and aviation") make a ground battle, not one strike;
    a named weapon beats "violated the ceasefire", which says less.
    """
    named_target = ATTACK_ON_NAME.search(text)
    text = text.lower()
    hits = {kind: m for kind, pattern in CUES.items() if (m := pattern.search(text))}
    if named_target and "armed clash" not in hits:
        hits["armed clash"] = named_target
    if "attack on civilians" in hits and not HARM_ACT.search(text):
        del hits["attack on civilians"]  # "residents returned to their homes": the place, not an attack
    if "threat" in hits and not has_casualties:
        return _cue_of("threat", hits)
    weapons = [k for k in WEAPON_KINDS if k in hits]
    if len(weapons) + bool(COMBINED_ARMS.search(text)) >= 2 and "armed clash" in hits:
        return _cue_of("armed clash", hits)
    if len(weapons) >= 2:  # "artillery, mortars and drones": the means named first leads
        return _cue_of(min(weapons, key=lambda k: hits[k].start()), hits)
    for kind in EVENT_PRIORITY:
        if kind in hits and kind not in ("threat", "ceasefire"):
            return _cue_of(kind, hits)
    if has_casualties:
        return EventCue("casualty report", 0, 0)
    if "ceasefire" in hits:
        return _cue_of("ceasefire", hits)
    return None


def _cue_of(kind: str, hits: dict[str, re.Match[str]]) -> EventCue:
    match = hits[kind]
    return EventCue(kind, match.start(), match.end())


def names_means(text: str) -> bool:
    """Whether a clause names the arms used (a drone, rockets, artillery, tanks): a report's detail."""
    low = text.lower()
    return any(CUES[kind].search(low) for kind in WEAPON_KINDS) or bool(COMBINED_ARMS.search(low))


def is_diplomacy(text: str) -> bool:
    """Appeals and talks: 'urged both sides to stop fighting' reports no fighting of its own."""
    return bool(DIPLOMACY.search(text.lower()))


def is_habitual(text: str) -> bool:
    """'frequently threatens', 'armed incidents often continue', 'for two decades the line saw
    sniper fire': no single event to map."""
    return bool(HABITUAL.search(text.lower()) or HABITUAL_SPAN.search(text.lower()))


def is_hypothetical(text: str) -> bool:
    """'If forces attack…', 'fighting could resume', 'we will never allow…': no event (yet)."""
    return bool(HYPOTHETICAL.search(text.lower()))


def is_history(text: str) -> bool:
    """Mentions of the 1990s war, the Soviet collapse, war-wide tolls: background."""
    return bool(HISTORY.search(text.lower()))


def stronger(a: str, b: str) -> str:
    """The more specific of two event types, for an incident merged from several sentences."""
    return min(a, b, key=EVENT_PRIORITY.index)


assert set(EVENT_PRIORITY) == set(EVENT_TYPES), "EVENT_PRIORITY must rank exactly model.EVENT_TYPES"


# "a week after the offensive", "two years since the war": an event word naming a time, not a report.
TIME_ANCHOR = re.compile(r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+|several|few|many)\s+(?:days?|weeks?|months?|years?)"
                         r"\s+(?:after|before|since)\s+(?:[\w’'-]+\s+){0,3}$")


# People coming back to find damage: the aftermath of an event told elsewhere.
AFTERMATH = re.compile(r"\b(?:return\w*|came back|coming back)\b[^.;]{0,80}\bto find\b")


# A change in intensity told in the present perfect ("clashes have intensified", "shelling has eased"):
# a trend over a period; with no day of its own it is no single event.
TREND = re.compile(r"\b(?:have|has)\s+(?:(?:further|again|sharply|significantly)\s+)?(?:intensified|escalated|"
                   r"subsided|eased|increased|decreased|spread|worsened|grown|diminished)\b", re.IGNORECASE)


# Event words that are nouns, and a definite determiner (with up to two modifiers) before one.
EVENT_NOUN = re.compile(r"(?:clash(?:es)?|fighting|blast|explosion|attack|strike|shelling|offensive|assault|bombing|"
                        r"operation|escalation|flare-?up|hostilities)\b")


DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those)\s+"
                             r"(?:(?!(?:in|of|on|at|by|from|to|for|with|killed|who|which)\b)[\w-]+\s+){0,2}$")


# Words about the reporting rather than a report: a live blog's own furniture, a fact-check's claim,
# what a video shows, and a period told as a whole ("a tense week in which both sides…").
NOT_A_REPORT = re.compile(r"\b(?:live coverage|our coverage|live updates|live blog)\b|^\W*claim:|"
                          r"\b(?:video|footage|clip|photos?|images?)\b[^.;]{0,60}\b(?:shows?|showing|purport\w*|depict\w*)\b|"
                          r"\b(?:a|the) (?:\w+ )?(?:week|month)s? (?:in which|of)\b|\brecent (?:days|weeks|months)\b")


# "no ceasefire violations were recorded", "shots were not registered": a bulletin's all-quiet, whose
# event word is negated (peacekeeping bulletins list the quiet districts by name).
NEGATED = re.compile(r"\bno\s+(?:[\w-]+\s+){0,2}?(?:violations?|clashes|incidents?|shots?|shelling|attacks?|"
                     r"fire|fighting|hostilities|provocations?)\b|\b(?:violations?|incidents?|shots?|fire|clashes|"
                     r"shelling)\s+(?:were|was|have been|has been)\s+not\s+(?:recorded|registered|reported|observed)\b")


# "no shots were fired", "without a shot": a stand-off, not fighting.
NO_SHOTS = re.compile(r"\bno shots?\b|\bwithout (?:a shot|firing|shots|a single shot)")


# A loss told of a person ("a woman whose son died in the fighting near X"): a life story, not a report
# of the day (an anniversary piece's quoted mourner drew an incident dated to publication).
PERSONAL_LOSS = re.compile(r"\bwhose\s+(?:[\w-]+\s+){1,3}?(?:died|was killed|were killed|fell|was wounded|were wounded)\b"
                           r"|\bwho lost (?:his|her|their|a) \w+", re.IGNORECASE)


# Statements that a truce was reached or took effect (event type "ceasefire").
CEASEFIRE_AGREED = re.compile(
    r"(?:reached|agreed|signed|brokered|declared|announced|took effect|came into (?:force|effect)|"
    r"had been stopped|were stopped|halted)\b[^.]{0,60}?\b(?:cease-?fire|truce|fighting|operations)"
    r"|(?:cease-?fire|truce|operations)\b[^.]{0,40}?\b(?:reached|agreed|signed|brokered|took effect|"
    r"came into (?:force|effect)|had been stopped|were stopped)",  # matched against lower-cased text
)


# Sides whose warnings are threats (others' warnings are commentary).
THREAT_SIDES = frozenset({"Azerbaijan", "Armenia", "Nagorno-Karabakh", "Russia"})


# A truce said not to hold is a report of violations, not of an agreement.
NOT_HOLDING = re.compile(r"(?:n[o’']t|not|never|failed to) (?:be )?hold(?:ing)?|collapsed|in tatters")


QUESTION = re.compile(r"\?\W*$")


TRUCE = re.compile(r"cease-?fire|truce")


# Types that report violence (they merge with one another; threats and truces stay apart).
VIOLENT = frozenset({"drone strike", "missile strike", "shelling", "attack on civilians", "armed clash",
                     "ceasefire violation", "casualty report"})


# Violent types that say nothing about the means; they merge with any specific one.
GENERIC = frozenset({"armed clash", "ceasefire violation", "casualty report", "attack on civilians"})


def clause_event(text: str, usable_figures: bool, casualties: Casualties) -> EventCue | None:
    """The clause's event, unless it only appeals for peace, describes habits, or announces a truce."""
    if QUESTION.search(text) or NOT_A_REPORT.search(text.lower()):
        return None  # a question ("What is the fighting about?") reports nothing: headlines of linked stories
    cue = classify(text, usable_figures)
    if cue is None and casualties.mentions_harm and not casualties.aggregate:
        cue = classify(text, True)  # harm without a figure: a follow-up report at most
    if cue is None:
        return None
    if any(m.start() <= cue.start < m.end() for m in NEGATED.finditer(text.lower())):
        return None  # the event word itself is negated: nothing happened
    if not usable_figures and AFTERMATH.search(text.lower()):
        return None  # damage found on return tells no new event of the day
    if not usable_figures and TIME_ANCHOR.search(text[max(0, cue.start - 60):cue.start].lower()):
        return None  # "crossed on Monday, a week after the offensive": the offensive dates the crossing
    # a conditional after the event's own phrase ("took the town, in what would be…") leaves it real
    own_phrase = text[:text.find(", ", cue.end) if ", " in text[cue.end:] else len(text)]
    if not usable_figures and cue.event_type == "armed clash" and NO_SHOTS.search(text.lower()):
        return None  # a stand-off "with no shots fired" is not fighting
    if PERSONAL_LOSS.search(text[:cue.end]):
        return None  # "a woman whose son died in the fighting": a mourner's story, not a report
    if is_habitual(text) or (is_hypothetical(own_phrase) and cue.event_type != "threat"):
        return None
    low = text.lower()
    diplomacy = DIPLOMACY.search(low)
    if diplomacy and diplomacy.start() < cue.start and cue.event_type != "casualty report":
        return None
    if NOT_HOLDING.search(low) and TRUCE.search(low):
        return EventCue("ceasefire violation", cue.start, cue.end)
    agreed = CEASEFIRE_AGREED.search(low)
    if agreed and cue.event_type in ("armed clash", "ceasefire") and not usable_figures:
        return EventCue("ceasefire", agreed.start(), agreed.end())
    if cue.event_type == "ceasefire":
        return None  # a truce mentioned in passing, neither agreed nor broken here
    if cue.event_type == "casualty report":
        death = HARM.search(low)
        return EventCue("casualty report", death.start() if death else 0, death.end() if death else 0)
    return cue


def same_family(a: str, b: str) -> bool:
    """Violent events merge with violent ones; threats with threats; truces with truces."""
    return (a in VIOLENT and b in VIOLENT) or a == b


def means_agree(a: str, b: str) -> bool:
    return a == b or a in GENERIC or b in GENERIC
