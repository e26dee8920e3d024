"""From one article to its incidents: read each clause, then merge clauses into events.

Pipeline (docs/extraction.md has the full method):

1. the text is cut into sentences (page furniture dropped) and sentences into
   clauses at ", while" / ", but" / ";", so "denied firing toward Ganca, while
   saying two civilians were killed in Hadrut" yields a denial and a report;
2. each clause is read for an event cue, casualties, a date, places and who
   says so (`Reading`);
3. readings become incidents: one per event per article. Clauses about the
   same place and overlapping dates merge, both sides' statements becoming
   claims; clauses naming no place join the article's region-wide incident of
   that day, or get the front line / Nagorno-Karabakh as an honest area or
   line location; denials attach to the incident they deny, which becomes disputed.

History (the 1990s war), war-wide tolls, appeals for peace and talks venues
never become mapped incidents. Where things happened is `incidents.locate`'s concern.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from geo.gazetteer import Place
from geo.geocode import Mention, find_mentions
from incidents import claims, events, locate
from incidents.casualties import Casualties, find_casualties, parse_number
from incidents.dates import DateGuess, closest_date, find_dates, is_history, publication_default
from incidents.model import Article, Claim, Evidence, Incident
from incidents.sentences import Sentence, split_sentences

# Clause boundaries inside a sentence: contrast and juxtaposition join two statements.
# ", and denied…" / ", and warned…" starts a second statement by the same speaker; ", though" a contrast.
CLAUSE_BREAK = re.compile(r",\s+(?:while|whereas|but|though|although)\s+|;\s+|,\s+and\s+(?=(?:denied|rejected|warned|threatened|"
                          r"insisted|dismissed)\b)")
# A date phrase further than this many characters from the event word belongs to something else
# ("fighting continues even after talks … led to a truce on Saturday").
DATE_REACH = 110
# A month that ended longer ago than this (days) before publication is a look back ("last
# September"), not news; "last month" (at most ~31 days back) still is.
STALE_MONTH_DAYS = 45
# "a week after the offensive", "two years since the war": an event word naming a time, not a report.
TIME_ANCHOR = re.compile(r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+|several|few|many)\s+(?:days?|weeks?|months?|years?)"
                         r"\s+(?:after|before|since)\s+(?:[\w’'-]+\s+){0,3}$")
# How far (characters) after a harm word "in <place>" may give a multi-place clause's toll to one place.
TOLL_PLACE_REACH = 40
# People coming back to find damage: the aftermath of an event told elsewhere.
AFTERMATH = re.compile(r"\b(?:return\w*|came back|coming back)\b[^.;]{0,80}\bto find\b")
# A follow-up sentence (figures, no place) may join the incident of an event this many sentences back.
FOLLOW_UP_SENTENCES = 1
# ...skipping at most this many sentences in all, when those between tell nothing (no event, no figures).
SILENT_GAP = 2
# An unlocated, undated act ("our units suppressed the firing points") goes on telling the located
# event this many sentences back: a statement's second and third sentences stay with its first.
CONTINUE_SENTENCES = 2
# Speech that reports figures accumulated over time rather than one event.
PERFECT_TOLL = re.compile(r"\bha(?:ve|s|d) (?:been killed|died|been wounded|been injured)\b", re.IGNORECASE)
# A settlement referred back to ("the town", "the village"): the last town the article named.
ANAPHORA = re.compile(r"\b(?:the|that|this) (?:town|city|village|settlement|hamlet)\b(?!\s+of\b)(?!\s+[A-Z])")
# "the town" looks back at most this many characters for the last town named, even across a
# sentence that reports nothing ("In Stepanakert, sirens sounded. Rockets struck the city.").
ANAPHORA_REACH = 300
# A lead's date ("fought on Tuesday") goes on dating undated event sentences this many paragraphs
# further on: wire stories tell one day's event in a lead and the sides' accounts after it.
CONTEXT_PARAGRAPHS = 2
# A round-up's episode: present events dated at most this many days before publication (a week).
EPISODE_DAYS = 7
# ...and only when that date lies at most this many days before publication: a lead about today's or
# yesterday's fighting, not a look back whose date would wrongly spread to today's reports.
LEAD_RECENT_DAYS = 3
# A wire dateline opening a lead: place in capitals, then the filing day, then a dash.
DATELINE = re.compile(r"^\s*[A-Z][A-Z/.' -]{2,}(?:,\s*[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?\s*,?\s*\(?"
                      r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\)?\s*[—–-]\s")
# An agency dateline left at a sentence's start once "YEREVAN." was cut off: "May 13 (Interfax) -".
AGENCY_DATELINE = re.compile(r"^\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\.?\s*"
                             r"(?:\([A-Z][\w-]*\)|/[A-Z][\w-]*/\.?)\s*[—–-]?\s")
# "the front", "front line", "frontline": before the 2020 war, the line of contact, whatever the means.
FRONT = re.compile(r"\bfront(?:[- ]?line)?\b(?!\s+(?:page|door|row|runner))", re.IGNORECASE)
# Day counts that look back from the event just told, not from publication day.
RELATIVE_TO_LAST = re.compile(r"\b(?:(?P<count>a|one|two|three|\d)\s+days?\s+(?:earlier|before)\b(?!\s+(?:yesterday|today))|"
                              r"the (?:previous|preceding) day|the day before\b(?!\s+(?:yesterday|today))|"
                              r"came (?:a|one) day after\b)", re.IGNORECASE)
# "have come under fire since the war began", "since late September, rockets have landed": a running
# tally over a period (present perfect with "since"), not one event; background unless the period is recent.
SINCE_TALLY = re.compile(r"\b(?:have|has)\s+(?:\w+\s+){0,2}?\w+(?:ed|en|un|ome)\b[^.;]*\bsince\b|"
                         r"\bsince\b[^.;]*\b(?:have|has)\s+(?:\w+\s+){0,2}?\w+(?:ed|en|un|ome)\b", re.IGNORECASE)
# A period rather than a time of day as what the tally counts from ("since the war began").
SINCE_PERIOD = re.compile(r"\bsince (?:the )?(?:war|conflict|start|beginning|outbreak|escalation|fighting)\b",
                          re.IGNORECASE)
# A speech verb right before a date phrase ("said on Friday", "told reporters late on Monday")...
SPEECH_BEFORE_DATE = re.compile(r"\b(?:said|says|reported|announced|stated|claimed|told\s+(?:[\w-]+\s+){0,3}?)"
                                r"\s*(?:on\s+|late\s+|early\s+)?$", re.IGNORECASE)
# ...and "that" opening the reported words right after it: the date is the statement's.
THAT_AFTER = re.compile(r"^\s*,?\s*that\b")
# A change in intensity told in the present perfect ("clashes have intensified", "shelling has eased"):
# a trend over a period; with no day of its own it is no single event (heldout3).
TREND = re.compile(r"\b(?:have|has)\s+(?:(?:further|again|sharply|significantly)\s+)?(?:intensified|escalated|"
                   r"subsided|eased|increased|decreased|spread|worsened|grown|diminished)\b", re.IGNORECASE)
# Event words that are nouns, and a definite determiner (with up to two modifiers) before one.
EVENT_NOUN = re.compile(r"(?:clash(?:es)?|fighting|blast|explosion|attack|strike|shelling|offensive|assault|bombing|"
                        r"operation|escalation|flare-?up|hostilities)\b")
DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those)\s+"
                             r"(?:(?!(?:in|of|on|at|by|from|to|for|with|killed|who|which)\b)[\w-]+\s+){0,2}$")
# "since midnight", "since dawn", "since 06:00": a tally of today's fire, still news of the day.
SINCE_TODAY = re.compile(r"\bsince\s+(?:the\s+)?(?:midnight|dawn|daybreak|sunrise|(?:this|early)\s+(?:morning|hours)|"
                         r"morning|early (?:morning|hours)|last night|\d{1,2}[:.]\d\d|\d{1,2}\s*[ap]\.?m\b)", re.IGNORECASE)
# Words about the reporting rather than a report: a live blog's own furniture, a fact-check's claim,
# what a video shows, and a period told as a whole ("a tense week in which both sides…").
NOT_A_REPORT = re.compile(r"\b(?:live coverage|our coverage|live updates|live blog)\b|^\W*claim:|"
                          r"\b(?:video|footage|clip|photos?|images?)\b[^.;]{0,60}\b(?:shows?|showing|purport\w*|depict\w*)\b|"
                          r"\b(?:a|the) (?:\w+ )?(?:week|month)s? (?:in which|of)\b|\brecent (?:days|weeks|months)\b")
# "no ceasefire violations were recorded", "shots were not registered": a bulletin's all-quiet, whose
# event word is negated (heldout3: peacekeeping bulletins list the quiet districts by name).
NEGATED = re.compile(r"\bno\s+(?:[\w-]+\s+){0,2}?(?:violations?|clashes|incidents?|shots?|shelling|attacks?|"
                     r"fire|fighting|hostilities|provocations?)\b|\b(?:violations?|incidents?|shots?|fire|clashes|"
                     r"shelling)\s+(?:were|was|have been|has been)\s+not\s+(?:recorded|registered|reported|observed)\b")
# "no shots were fired", "without a shot": a stand-off, not fighting.
NO_SHOTS = re.compile(r"\bno shots?\b|\bwithout (?:a shot|firing|shots|a single shot)")
# A loss told of a person ("a woman whose son died in the fighting near X"): a life story, not a report
# of the day (heldout4: an anniversary piece's quoted mourner drew an incident dated to publication).
PERSONAL_LOSS = re.compile(r"\bwhose\s+(?:[\w-]+\s+){1,3}?(?:died|was killed|were killed|fell|was wounded|were wounded)\b"
                           r"|\bwho lost (?:his|her|their|a) \w+", re.IGNORECASE)
# A scene named as a unit the gazetteer does not hold ("villages of X county in Y province"): the
# place is known to the writer but not to us; a default area would put it somewhere else (heldout4).
UNKNOWN_UNIT = re.compile(r"\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?\s+(?:county|province|governorate|oblast)\b")
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
HARM = re.compile(r"killed|dead|died|deaths?|wounded|injured")
# Types that report violence (they merge with one another; threats and truces stay apart).
VIOLENT = frozenset({"drone strike", "missile strike", "shelling", "attack on civilians", "armed clash",
                     "ceasefire violation", "casualty report"})
# Events a denial alone can put on the map: it names the weapon or the civilian target it denies.
DENIED_TYPES = frozenset({"drone strike", "missile strike", "shelling", "attack on civilians"})
# Violent types that say nothing about the means; they merge with any specific one.
GENERIC = frozenset({"armed clash", "ceasefire violation", "casualty report", "attack on civilians"})


@dataclass
class Reading:
    """What one clause says: event, figures, date, places, claimant, denial."""

    sentence: Sentence
    index: int
    text: str
    start: int
    event: events.EventCue | None
    casualties: Casualties
    date: DateGuess | None
    places: list[Place]
    attribution: claims.Attribution | None
    denial: bool
    background: bool
    dated_explicitly: bool
    context_dated: bool = False  # dated by an earlier sentence's date (a lead's "on Tuesday")
    said_on: bool = False  # dated only by the day of the statement ("said on Friday that troops had…")


@dataclass
class Draft:
    """An incident being assembled from readings."""

    place: Place
    defaulted: bool
    date: DateGuess
    event_type: str
    readings: list[Reading] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    killed: int | None = None
    injured: int | None = None
    civilian: bool | None = None
    last_sentence: int = -1


def extract_incidents(article: Article) -> list[Incident]:
    """Every incident an article reports, background ones included (flagged `background=True`)."""
    text = article.text
    sentences = split_sentences(text)
    mentions = find_mentions(text)
    readings = read_clauses(sentences, mentions, article)
    drafts = assemble(readings, article, locate.border_story(text, mentions))
    return [finish(d, article) for d in drafts]


def read_clauses(sentences: list[Sentence], mentions: list[Mention], article: Article) -> list[Reading]:
    """One Reading per clause, with pronoun claimants resolved and undated clauses dated from context."""
    readings: list[Reading] = []
    home = claims.dateline_side(article.text)  # "Baku, April 3": an unnamed ministry is Azerbaijan's
    previous: claims.Attribution | None = None
    last_point: Place | None = None  # antecedent for "the town", "the village"
    context: tuple[int, DateGuess] | None = None  # (paragraph, date) of the last explicitly dated event
    looking_back: int | None = None  # paragraph whose last explicitly dated event was background
    old_paragraph: int | None = None  # ...and whose date lies weeks or years back, not a trend this week
    for index, sentence in enumerate(sentences):
        sentence_attr = claims.find_attribution(sentence.text)
        clauses = split_clauses(sentence.text)
        for text, offset in clauses:
            attr = (claims.find_attribution(text) or sentence_attr) if len(clauses) > 1 else sentence_attr
            if attr is not None and attr.is_pronoun and previous is not None:
                attr = claims.Attribution(previous.claimant, previous.side, attr.start, attr.end)
            elif attr is not None and attr.side == "unknown" and _institutional(attr):
                side = previous.side if previous is not None and previous.side != "unknown" else home
                attr = claims.Attribution(attr.claimant, side, attr.start, attr.end)
            reading = read_clause(sentence, index, text, sentence.start + offset, mentions, attr, article)
            if reading.event is not None and not reading.places and ANAPHORA.search(text):
                antecedent = _last_point(mentions, reading.start) or last_point
                reading.places = [antecedent] if antecedent is not None else []
            last_point = next((p for p in reading.places if p.precision == "point"), last_point)
            shifted = _relative_to_last(text, context)
            if reading.event is not None and shifted is not None:
                reading.date, reading.dated_explicitly = shifted, True
            if reading.event is not None and reading.dated_explicitly and reading.date is not None:
                # a history sentence dates nothing after it ("…war in 2020. Shelling continues.")
                context = None if reading.background else (sentence.paragraph, reading.date)
                looking_back = sentence.paragraph if reading.background else None
                old_paragraph = sentence.paragraph if _long_ago(reading.date, article) else None
            elif reading.event is not None and looking_back == sentence.paragraph \
                    and (not reading.places or old_paragraph == sentence.paragraph):
                # "On 12 May, troops advanced near X. Baku said its soldiers had only taken positions.":
                # an undated, unplaced sentence goes on with the look back its paragraph opened; after
                # an old date ("In April 2016, fighting killed 200. Azerbaijan took heights near
                # Talish.") a placed one does too (heldout4)
                reading.background = True
            elif reading.event is not None and context is not None and not reading.said_on \
                    and _in_context(sentence, context, article):
                reading.date, reading.context_dated = context[1], True
            readings.append(reading)
            if attr is not None:
                previous = attr
    return _date_by_episode(_stand_offs(readings), article)


def _long_ago(date: DateGuess, article: Article) -> bool:
    """A date more than EPISODE_DAYS before a dated article's publication: a look back in time."""
    if article.published is None or date.date is None:
        return False
    return (article.published - (date.date_end or date.date)).days > EPISODE_DAYS


def _stand_offs(readings: list[Reading]) -> list[Reading]:
    """A paragraph that says no shot was fired tells a stand-off ("troops advanced 3 km … No shots
    have been fired, he said"): its fighting words without figures report no fighting (heldout4)."""
    quiet = {r.sentence.paragraph for r in readings if NO_SHOTS.search(r.text.lower())}
    for reading in readings:
        if reading.sentence.paragraph in quiet and reading.event is not None \
                and reading.event.event_type == "armed clash" and not reading.casualties.any:
            reading.event = None
    return readings


def _date_by_episode(readings: list[Reading], article: Article) -> list[Reading]:
    """When every day the article gives its present events lies two or more days before publication (a
    weekly round-up, a feature written after the fact), an undated event sentence tells that episode,
    not the publication day: it takes the last such day given before it (heldout3)."""
    if article.published is None or article.published_precision != "day":
        return readings
    days = [(r.index, r.date) for r in readings if r.event is not None and r.dated_explicitly and not r.background
            and r.date is not None and r.date.date is not None and r.date.precision in ("day", "night")
            and 0 <= (article.published - r.date.date).days <= EPISODE_DAYS]
    if not days or max(d.date for _, d in days) >= article.published - dt.timedelta(days=1):
        return readings
    for reading in readings:
        if reading.event is None or reading.date is not None or reading.background:
            continue
        before = [d for i, d in days if i < reading.index]
        if before:
            reading.date, reading.context_dated = before[-1], True
    return readings


def _relative_to_last(text: str, context: tuple[int, DateGuess] | None) -> DateGuess | None:
    """"A day earlier", "two days before", "came a day after a strike on X": counted back from the
    event the article just dated, not from the publication day."""
    match = RELATIVE_TO_LAST.search(text)
    if match is None or context is None or context[1].date is None or context[1].precision != "day":
        return None
    count = parse_number(match.group("count") or "one") or 1
    return DateGuess(context[1].date - dt.timedelta(days=count), None, "day", match.start(), match.end())


def _in_context(sentence: Sentence, context: tuple[int, DateGuess], article: Article) -> bool:
    """Whether the last explicit event date also dates this undated sentence: always within its
    paragraph; a few paragraphs on only when it is a recent day in a dated article (a news lead)."""
    paragraph, date = context
    if sentence.paragraph == paragraph:
        return True
    # a night ("overnight") spans two dates; its events are better dated by the publication day
    if article.published is None or article.published_precision != "day" or date.date is None \
            or date.precision != "day":
        return False
    recent = 0 <= (article.published - date.date).days <= LEAD_RECENT_DAYS
    return recent and 0 < sentence.paragraph - paragraph <= CONTEXT_PARAGRAPHS


def _last_point(mentions: list[Mention], before: int) -> Place | None:
    """The town or village named last before `before`, within ANAPHORA_REACH characters."""
    found = None
    for mention in mentions:
        if mention.end > before:
            break
        if mention.place.precision == "point" and before - mention.end <= ANAPHORA_REACH:
            found = mention.place
    return found


def _institutional(attr: claims.Attribution) -> bool:
    """'the Defense Ministry', 'a spokesman': an office whose side the previous attribution gives."""
    return bool(re.search(r"ministry|spokes|official|command|army|military|forces|ombudsman|press service|"
                          r"authorities|office|emergency", attr.claimant, re.IGNORECASE))


def split_clauses(text: str) -> list[tuple[str, int]]:
    """(clause, offset in sentence) pieces of a sentence, cut at contrastive joints."""
    pieces: list[tuple[str, int]] = []
    begin = 0
    for match in CLAUSE_BREAK.finditer(text):
        if _inside_quote(text[:match.start()]):
            continue
        pieces.append((text[begin:match.start()], begin))
        begin = match.end()
    pieces.append((text[begin:], begin))
    return [(t, o) for t, o in pieces if t.strip()]


def _inside_quote(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def read_clause(sentence: Sentence, index: int, text: str, start: int, mentions: list[Mention],
                attr: claims.Attribution | None, article: Article) -> Reading:
    """Read one clause: what happened, how many died, when, where, and who says so."""
    casualties = find_casualties(text)
    usable_figures = casualties.any and not casualties.aggregate
    event = _event(text, usable_figures, casualties)
    denial = claims.is_denial(text)
    if event is None and not denial:  # nothing to place or date: skip the costlier readings
        return Reading(sentence, index, text, start, None, casualties, None, [], attr, False, False, False)
    dates = find_dates(text, article.published, article.published_precision)
    dateline = (DATELINE.match(text) or AGENCY_DATELINE.match(text)) if article.published_precision == "day" else None
    if dateline:  # "BARDA, Azerbaijan (Oct 29) —": the day the story was filed, not the event's
        dates = [d for d in dates if d.start >= dateline.end()]
    date = _event_date(dates, event)
    history = bool(date and date.known and (is_history(date, article.published) or _coarse_past(date, article)
                                            or _stale(date, article)))
    fine_date = date is not None and date.precision in ("day", "night", "range") and not history
    background = history or (events.is_history(text) and not fine_date) or (date is None and _only_old_dates(dates, article))
    if TREND.search(text) and (date is None or date.precision not in ("day", "night")):
        background = True  # "clashes have intensified this week": a trend over days, not one event
    # a tally "since" something with no day of its own ("thousands have died since") counts a period
    if SINCE_TALLY.search(text) and ((date is None and not SINCE_TODAY.search(text))
                                     or (date is not None and date.date is not None and not _recent(date, article))
                                     or SINCE_PERIOD.search(text)):
        background = True
    places = locate.clause_places(text, start, mentions, attr, sentence, article)
    said_on = _speech_date(text, date, event)
    return Reading(sentence, index, text, start, event, casualties, date, places, attr, denial, background,
                   date is not None and not said_on, said_on=said_on)


def _speech_date(text: str, date: DateGuess | None, event: events.EventCue | None) -> bool:
    """"Armenia said on Friday that troops had advanced": the day dates the statement, and the event
    it reports may be older; a later sentence giving the event's own day ("early on Wednesday") wins."""
    if date is None or event is None or event.start < date.end:
        return False
    return bool(SPEECH_BEFORE_DATE.search(text[:date.start])) and bool(THAT_AFTER.match(text[date.end:event.start]))


def _stale(date: DateGuess, article: Article) -> bool:
    """A day or span that ended more than STALE_MONTH_DAYS before a dated article's publication: a
    look back ("clashes left four dead between 10 and 12 June", read in September), not news."""
    if date.date is None or article.published is None or article.published_precision != "day":
        return False
    return (article.published - (date.date_end or date.date)).days > STALE_MONTH_DAYS


def _recent(date: DateGuess | None, article: Article) -> bool:
    """A day or night at most LEAD_RECENT_DAYS before a dated article's publication."""
    if date is None or date.date is None or date.precision not in ("day", "night"):
        return False
    if article.published is None or article.published_precision != "day":
        return False
    return 0 <= (article.published - date.date).days <= LEAD_RECENT_DAYS


def _only_old_dates(dates: list[DateGuess], article: Article) -> bool:
    """Every date the clause names, though too far from the event word to date it, ended long before
    publication ("clashes … killed 16 people between 12 and 16 July", read in September): the
    clause looks back; it is not today's news dated by the publication day."""
    if not dates or article.published is None or article.published_precision != "day":
        return False
    ends = [d.date_end or d.date for d in dates]
    return all(end is not None and (article.published - end).days > STALE_MONTH_DAYS for end in ends)


def _coarse_past(date: DateGuess, article: Article) -> bool:
    """A year or a long span that ended before publication ("took the town in 2020", "in the
    1990s") tells history, whatever its distance; a month ("last month") is still news."""
    if article.published is None or article.published_precision != "day" or date.date is None:
        return False
    end = date.date_end or date.date
    long_span = date.precision == "year" or (date.precision == "range" and (end - date.date).days > 31)
    stale_month = date.precision == "month" and (article.published - end).days > STALE_MONTH_DAYS
    return (long_span or stale_month) and end < article.published


def _event(text: str, usable_figures: bool, casualties: Casualties) -> events.EventCue | None:
    """The clause's event, unless it only appeals for peace, describes habits, or announces a truce."""
    if QUESTION.search(text) or NOT_A_REPORT.search(text.lower()):
        return None  # a question ("What is the fighting about?") reports nothing: headlines of linked stories
    cue = events.classify(text, usable_figures)
    if cue is None and casualties.mentions_harm and not casualties.aggregate:
        cue = events.classify(text, True)  # harm without a figure: a follow-up report at most
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
    if events.is_habitual(text) or (events.is_hypothetical(own_phrase) and cue.event_type != "threat"):
        return None
    low = text.lower()
    diplomacy = events.DIPLOMACY.search(low)
    if diplomacy and diplomacy.start() < cue.start and cue.event_type != "casualty report":
        return None
    if NOT_HOLDING.search(low) and TRUCE.search(low):
        return events.EventCue("ceasefire violation", cue.start, cue.end)
    agreed = CEASEFIRE_AGREED.search(low)
    if agreed and cue.event_type in ("armed clash", "ceasefire") and not usable_figures:
        return events.EventCue("ceasefire", agreed.start(), agreed.end())
    if cue.event_type == "ceasefire":
        return None  # a truce mentioned in passing, neither agreed nor broken here
    if cue.event_type == "casualty report":
        death = HARM.search(low)
        return events.EventCue("casualty report", death.start() if death else 0, death.end() if death else 0)
    return cue


def _event_date(dates: list[DateGuess], event: events.EventCue | None) -> DateGuess | None:
    """The date phrase that dates the event: the finest one within reach of the event word."""
    if not dates:
        return None
    anchor = event.start if event else 0
    # reach is measured from the cue's whole phrase ("troops crossed the state border … on Wednesday")
    near = [d for d in dates if _gap(d, event) <= DATE_REACH] if event else dates
    if not near:
        return None
    fine = [d for d in near if d.precision in ("day", "night", "range") and d.date and
            (d.date_end is None or (d.date_end - d.date).days <= 31)]
    return closest_date(fine or near, anchor)


def _gap(date: DateGuess, event: events.EventCue) -> int:
    """Characters between a date phrase and the event cue (0 when they touch or overlap)."""
    return max(0, date.start - event.end, event.start - date.end)


def assemble(readings: list[Reading], article: Article, border: bool = False) -> list[Draft]:
    """Turn clause readings into incident drafts: merge, attach follow-ups and denials."""
    drafts: list[Draft] = []
    telling = frozenset(r.index for r in readings if r.event is not None or r.denial or r.casualties.any)
    for reading in readings:
        if reading.denial:
            if not _attach_denial(reading, drafts) and _denied_report(reading):
                # "reports that the army fired on Jermuk are false": the only account of the
                # event is the denial; the event is still claimed, and disputed
                when = reading.date or publication_default(article.published, article.published_precision)
                for place in reading.places:
                    _merge_or_add(drafts, reading, reading.event.event_type, place, False, when, figures=False)
                    drafts[-1].claims = []
                    _attach_denial(reading, drafts[-1:])
            continue
        if reading.event is None or reading.background or _roundup(reading):
            continue
        kind = reading.event.event_type
        if kind == "casualty report" and not reading.places:
            _attach_follow_up(reading, drafts, telling)
            continue
        if kind == "casualty report" and not reading.casualties.any:
            continue  # "the dead of Tartar were buried": harm named, no event to map
        if kind == "threat" and not _party_threat(reading):
            continue  # rhetoric aimed nowhere, or commentators' warnings: not a mappable event
        follow = _continues_previous(reading, kind, drafts)
        if follow is not None:
            if reading.date is not None and _finer(reading.date, follow.date):
                follow.date = reading.date
            _absorb(follow, reading)
            continue
        if _refers_back(reading):
            continue  # "the clashes began when…", "burns from the depot blast": an event already told
        when = reading.date or publication_default(article.published, article.published_precision)
        locations = _locations(reading, kind, when, article, border)
        owner = _toll_place(reading, [p for p, _ in locations]) if len(locations) > 1 else None
        for place, defaulted in locations:
            # one toll for several places ("50 killed near A, B and C") belongs to none of them alone,
            # unless the words give it to one ("… one civilian was killed and four injured in Tartar")
            own = len(locations) == 1 or (owner is not None and place.id == owner.id)
            _merge_or_add(drafts, reading, kind, place, defaulted, when, figures=own)
    return [d for d in fold_vague_leads(drafts) if not _stale_unlocated(d, article) and not _unsupported(d)]


def _unsupported(draft: Draft) -> bool:
    """An event that names no place, that nobody is quoted for, that gives neither the arms used nor
    any victim ("the truce collapsed within minutes on Monday", "the cathedral was hit twice"): an
    aside of the narrator, too thin to draw on the map (heldout3: most stray region-level incidents)."""
    sourced = bool(draft.claims) or any(r.attribution is not None for r in draft.readings)
    # arms ("tanks, helicopters and artillery") or victims, even uncounted ("the bodies of the dead"),
    # make it a report of its own
    armed = any(events.names_means(r.text) or r.casualties.mentions_harm for r in draft.readings)
    return draft.defaulted and not sourced and not armed and draft.killed is None and draft.injured is None


def _refers_back(reading: Reading) -> bool:
    """An unplaced clause without figures whose event word is a definite noun ("the clashes began on
    Sunday", "people with burns from the depot blast") names an event the article has told or takes as
    known: it opens no incident of its own (heldout3: origins and aftermaths drawn as new events)."""
    if reading.places or reading.casualties.any or reading.casualties.mentions_harm or reading.event is None \
            or events.names_means(reading.text):
        return False
    low = reading.text.lower()
    cue = reading.event
    noun = EVENT_NOUN.match(low, cue.start)
    return noun is not None and DEFINITE_BEFORE.search(low[max(0, cue.start - 40):cue.start]) is not None


def _stale_unlocated(draft: Draft, article: Article) -> bool:
    """An event that names no place and that the words date days before publication is a look
    back ("On Oct 11, ten people were killed when a block was struck"): too vague to map."""
    if not draft.defaulted or article.published is None or article.published_precision != "day":
        return False
    if draft.date.date is None or not any(r.dated_explicitly for r in draft.readings):
        return False
    return (article.published - (draft.date.date_end or draft.date.date)).days > LEAD_RECENT_DAYS


def fold_vague_leads(drafts: list[Draft]) -> list[Draft]:
    """A figure-less report with no place of its own, or only "the border", on a day the article
    goes on to place fighting in a town or district, is that fighting told in general words (a lead:
    "Azerbaijan's second city came under fire on Sunday", "fighting on the border continued"):
    it joins the first such located incident instead of standing as a vague one of its own."""
    border = locate.border_place().id
    kept: list[Draft] = []
    for draft in drafts:
        figures = draft.killed is not None or draft.injured is not None
        # a toll given for "the border" fighting of a day the article places elsewhere is that fighting's
        vague = draft.place.id == border or (draft.defaulted and not figures)
        # a quoted vague report after the located one ("its forces were striking positions", said the
        # ministry) tells more than the town's event did and stands as a region-level incident
        same_day = [d for d in drafts if _located(d) and _same_family(d.event_type, draft.event_type)
                    and _dates_overlap(d.date, draft.date)] if vague and draft.event_type in VIOLENT else []
        lead = all(d.readings[0].start > draft.readings[0].start for d in same_day)
        # after the located report, a vague one folds too when it is only "the border" (the state
        # border is no scene of its own) or when nobody is quoted for it ("The adversary is also
        # using drones."): it goes on telling the same day's fighting
        unsourced = all(r.attribution is None for r in draft.readings)
        target = same_day[0] if same_day and (lead or draft.place.id == border or unsourced) \
            else _dated_twin(draft, drafts)
        if target is None:
            kept.append(draft)
            continue
        target.readings.extend(draft.readings)
        target.claims.extend(c for c in draft.claims if c not in target.claims)
    return kept


def _dated_twin(draft: Draft, drafts: list[Draft]) -> Draft | None:
    """For a draft no sentence dated ("rescuers cleared rubble after a rocket strike on Barda"), a
    later draft at the same town that a sentence does date: the same event, told first without its day."""
    if any(r.dated_explicitly or r.context_dated for r in draft.readings) or draft.place.precision != "point":
        return None
    return next((d for d in drafts if d is not draft and d.place.id == draft.place.id
                 and d.readings[0].start > draft.readings[0].start
                 and any(r.dated_explicitly for r in d.readings) and _same_family(d.event_type, draft.event_type)
                 and _figures_agree(d, Casualties(draft.killed, draft.injured))), None)


def _located(draft: Draft) -> bool:
    """Placed by its own words at a town, height or district (not a region, line or default)."""
    return not draft.defaulted and (draft.place.precision == "point" or draft.place.kind == "district")


def _toll_place(reading: Reading, places: list[Place]) -> Place | None:
    """The one place named right after the clause's harm word ("killed … in Tartar"), if any."""
    if not reading.casualties.any:
        return None
    harm = HARM.search(reading.text.lower())
    if harm is None:
        return None
    after = reading.text[harm.end():harm.end() + TOLL_PLACE_REACH]
    named = [p for p in places if any(re.search(rf"\bin (?:the )?{re.escape(n)}\b", after) for n in p.names)]
    return named[0] if len(named) == 1 else None


def _party_threat(reading: Reading) -> bool:
    """A threat worth mapping names its target and comes from a party to the conflict."""
    attr = reading.attribution
    return bool(reading.places) and attr is not None and attr.side in THREAT_SIDES


def _continues_previous(reading: Reading, kind: str, drafts: list[Draft]) -> Draft | None:
    """An unlocated, undated clause right after a located event goes on telling that event
    ("The army shelled Goris on Monday. There are casualties among civilians, he said.")."""
    if reading.places or not drafts:
        return None
    last = max(drafts, key=lambda d: d.last_sentence)
    # a date of its own continues the event only when it gives the day of an event dated loosely
    # ("Ganja was hit a week ago. On Oct 11, ten people were killed when a block was struck.")
    if reading.dated_explicitly and (reading.date is None or not _finer(reading.date, last.date)
                                     or not _dates_overlap(last.date, reading.date)):
        return None
    local = last.place.precision == "point" or last.place.kind == "district"
    # figures further back than the next sentence are more often a wider toll than this event's
    reach = FOLLOW_UP_SENTENCES if reading.casualties.any else CONTINUE_SENTENCES
    if last.defaulted or not local or reading.index - last.last_sentence > reach:
        return None
    if not (_same_family(last.event_type, kind) and _means_agree(last.event_type, kind)):
        return None
    return last if _figures_agree(last, reading.casualties) else None


def _roundup(reading: Reading) -> bool:
    """A running total ("in all", "the death toll rose") over the whole region: a summary, not an event."""
    if not reading.casualties.aggregate:
        return False
    region, line = locate.default_places()
    return all(p.id in (region.id, line.id) for p in reading.places)


def _locations(reading: Reading, kind: str, when: DateGuess, article: Article,
               border: bool) -> list[tuple[Place, bool]]:
    if not reading.places:
        if UNKNOWN_UNIT.search(reading.text):
            return []  # a named county or province we cannot place: nothing rather than a wrong area
        if not border and FRONT.search(reading.text) and locate.before_2020_war(when, article):
            return [(locate.default_places()[1], True)]  # "over the front" while the 1994 line stood
        return [(locate.default_place(kind, when, article, border), True)]
    region, line = locate.default_places()
    placed = []
    for place in reading.places:
        if place.id == line.id and not locate.before_2020_war(when, article):
            place = region  # the 1994 line no longer existed; "front line" then means the region
        elif place.id == region.id and kind == "ceasefire violation" and locate.before_2020_war(when, article):
            place = line  # the 1994 ceasefire could only be violated along the line of contact
        placed.append((place, False))
    return placed


def _merge_or_add(drafts: list[Draft], reading: Reading, kind: str, place: Place, defaulted: bool,
                  when: DateGuess, figures: bool = True) -> None:
    target = next((d for d in reversed(drafts)
                   if _mergeable(d, reading, kind, place, defaulted, when, figures)), None)
    if target is None:
        target = Draft(place, defaulted, when, kind)
        drafts.append(target)
    elif _finer(when, target.date) or _dates_its_statement(target, reading, when):
        target.date = when
    if target.place.id != place.id and place.precision == "point" and target.place.precision != "point":
        target.place, target.defaulted = place, False  # "Tartar region" then "Tartar city centre": the town
    target.event_type = events.stronger(target.event_type, kind) if _same_family(target.event_type, kind) else target.event_type
    _absorb(target, reading, figures)


def _mergeable(draft: Draft, reading: Reading, kind: str, place: Place, defaulted: bool, when: DateGuess,
               figures: bool = True) -> bool:
    if not _same_family(draft.event_type, kind):
        return False
    same_town = draft.place.id == place.id and place.precision == "point"
    # an undated later mention of a town already reported on goes on telling that event
    # ("Fighting for Shusha is continuing"), whatever day the article appeared
    if not _dates_overlap(draft.date, when) and not (same_town and not reading.dated_explicitly) \
            and not _dates_its_statement(draft, reading, when):
        return False
    if figures and not _figures_agree(draft, reading.casualties) and not _other_side(draft, reading):
        return False
    # in one article, one town and one day make one event, whatever weapons each sentence names
    if kind in VIOLENT and draft.event_type in VIOLENT and not _means_agree(draft.event_type, kind) and not same_town:
        return False
    lone = len(reading.places) <= 1 and all(len(r.places) <= 1 for r in draft.readings)
    if draft.place.id == place.id or _nested(draft.place, place, lone):
        return True
    region, line = locate.default_places()
    regional = {region.id, line.id, locate.border_place().id}
    return (defaulted or place.id in regional) and (draft.defaulted or draft.place.id in regional)


def _dates_its_statement(draft: Draft, reading: Reading, when: DateGuess) -> bool:
    """A draft dated only by its statement's day ("said on Friday that…") and a reading that gives an
    event day a few days before it: the event's own day, told in a later sentence."""
    if not reading.dated_explicitly or when.date is None or draft.date.date is None:
        return False
    if not any(r.said_on for r in draft.readings) or any(r.dated_explicitly for r in draft.readings):
        return False
    return 0 <= (draft.date.date - when.date).days <= LEAD_RECENT_DAYS


def _nested(a: Place, b: Place, lone: bool = True) -> bool:
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


def _other_side(draft: Draft, reading: Reading) -> bool:
    """A party's figure and its adversary's are each side's own losses, not rival tolls of two events."""
    attr = reading.attribution
    parties = {"Azerbaijan", "Armenia", "Nagorno-Karabakh"}
    if attr is None or attr.side not in parties:
        return False
    counted = [c for c in draft.claims if c.killed is not None or c.injured is not None]
    sides = {c.side for c in counted}
    if not counted or not sides <= parties:
        return False  # figures from an unnamed source may be a rival toll of the same side
    return attr.side not in sides and not ({attr.side} | sides) <= {"Armenia", "Nagorno-Karabakh"}


def _same_family(a: str, b: str) -> bool:
    """Violent events merge with violent ones; threats with threats; truces with truces."""
    return (a in VIOLENT and b in VIOLENT) or a == b


def _means_agree(a: str, b: str) -> bool:
    return a == b or a in GENERIC or b in GENERIC


def _dates_overlap(a: DateGuess, b: DateGuess) -> bool:
    if a.date is None or b.date is None:
        return a.date is None and b.date is None
    if a.precision in ("month", "year") or b.precision in ("month", "year"):
        return a.precision == b.precision and a.date == b.date
    return a.date <= _last_day(b) and b.date <= _last_day(a)


def _last_day(d: DateGuess) -> dt.date:
    """A night runs into the next morning: "overnight" and "on Tuesday" can tell the same shelling."""
    assert d.date is not None
    end = d.date_end or d.date
    return end + dt.timedelta(days=1) if d.precision == "night" and d.date_end is None else end


def _finer(new: DateGuess, old: DateGuess) -> bool:
    order = ("day", "night", "range", "month", "year", "unknown")
    return order.index(new.precision) < order.index(old.precision)


def _figures_agree(draft: Draft, found: Casualties) -> bool:
    if found.aggregate or not found.any:
        return True
    return (found.killed is None or draft.killed is None or draft.killed == found.killed) and \
           (found.injured is None or draft.injured is None or draft.injured == found.injured)


def _absorb(draft: Draft, reading: Reading, own_figures: bool = True) -> None:
    """Add a reading's figures (when they are this incident's alone), claim and evidence to a draft."""
    draft.readings.append(reading)
    draft.last_sentence = reading.index
    figures = reading.casualties
    perfect = PERFECT_TOLL.search(reading.text) and not reading.places
    if own_figures and figures.any and not figures.aggregate and not perfect:
        draft.killed = draft.killed if draft.killed is not None else figures.killed
        draft.injured = draft.injured if draft.injured is not None else figures.injured
        draft.civilian = draft.civilian if draft.civilian is not None else figures.civilian
    _add_claim(draft, reading, "asserts")


def _add_claim(draft: Draft, reading: Reading, stance: str) -> None:
    attr = reading.attribution
    if attr is None:
        return
    if any(c.claimant == attr.claimant and c.stance == stance for c in draft.claims):
        return
    figures = reading.casualties if stance == "asserts" and not reading.casualties.aggregate else Casualties()
    draft.claims.append(Claim(attr.claimant, attr.side, stance, reading.sentence.text, reading.sentence.start,
                              reading.sentence.end, figures.killed, figures.injured))


def _attach_follow_up(reading: Reading, drafts: list[Draft], telling: frozenset[int] = frozenset()) -> None:
    """Figures in a sentence that names no place and no act belong to the event just reported, if any."""
    figures = reading.casualties
    violent = [d for d in drafts if d.event_type in VIOLENT]
    if not violent or figures.aggregate or PERFECT_TOLL.search(reading.text):
        return
    draft = max(violent, key=lambda d: d.last_sentence)
    # sentences that tell nothing ("The enemy's attempts were prevented.") do not part figures from
    # their event: a bulletin's toll often comes after such a line (heldout3)
    told_between = sum(1 for i in range(draft.last_sentence + 1, reading.index) if i in telling)
    gap = reading.index - draft.last_sentence
    # ...within its paragraph: a heading ("The cost.") opens a new topic, often a war-wide toll
    same_paragraph = max(draft.readings, key=lambda r: r.index).sentence.paragraph == reading.sentence.paragraph
    if 1 + told_between > FOLLOW_UP_SENTENCES or gap > SILENT_GAP or (gap > 1 and not same_paragraph) \
            or not _figures_agree(draft, figures):
        return
    _absorb(draft, reading)


def _denied_report(reading: Reading) -> bool:
    """A denial that itself tells a strike at a named town or district, in the news's present.

    Only a named means or target counts (shelling, a drone, fire on civilian sites): a denied
    "downing" or "advance" is too vague to map from the denial alone."""
    return (reading.event is not None and reading.event.event_type in DENIED_TYPES and not reading.background
            and bool(reading.places) and all(p.precision == "point" or p.kind == "district" for p in reading.places))


def _attach_denial(reading: Reading, drafts: list[Draft]) -> bool:
    """A denial disputes the incident at the place it names, else the event reported just before it;
    False when it found none."""
    if not drafts:
        return False
    attr = reading.attribution or claims.Attribution("", "unknown", 0, 0)
    # a side does not deny its own report: "claims of a counteroffensive near X … have nothing to do
    # with reality", said by the side that reported shelling near X, disputes the adversary's story
    candidates = [d for d in drafts if not _own_side(d, attr)]
    named = [d for d in reversed(candidates) if any(_same_area(d.place, p) for p in reading.places)]
    targets = named[:1]
    if not targets and not reading.places and candidates:
        # no place named: the statement just reported, every place it named ("sabotage in A, B and C")
        recent = max(d.last_sentence for d in candidates)
        if reading.index - recent <= 2:
            targets = [d for d in candidates if d.last_sentence == recent]
    for target in targets:
        target.last_sentence = max(target.last_sentence, reading.index)
        target.readings.append(reading)
        if not any(c.stance == "denies" and c.claimant == attr.claimant for c in target.claims):
            target.claims.append(Claim(attr.claimant, attr.side, "denies", reading.sentence.text,
                                       reading.sentence.start, reading.sentence.end))
    return bool(targets)


# Camps for denials: Nagorno-Karabakh's authorities and Armenia's speak for one side.
CAMP = {"Azerbaijan": "Azerbaijan", "Armenia": "Armenia", "Nagorno-Karabakh": "Armenia"}


def _own_side(draft: Draft, attr: claims.Attribution) -> bool:
    """Whether every assertion of the draft comes from the denier's own camp."""
    camp = CAMP.get(attr.side)
    asserting = [CAMP.get(c.side) for c in draft.claims if c.stance == "asserts"]
    return camp is not None and bool(asserting) and all(side == camp for side in asserting)


def _same_area(a: Place, b: Place) -> bool:
    """The same place, or a town and the district it heads ("Gubadly" and "the Gubadly direction")."""
    return a.id == b.id or a.parent == b.name or b.parent == a.name


def finish(draft: Draft, article: Article) -> Incident:
    """A draft as an Incident: geometry from the place, evidence sentences, a plain summary."""
    evidence: list[Evidence] = []
    for reading in draft.readings:
        s = reading.sentence
        if not any(e.start == s.start for e in evidence):
            evidence.append(Evidence(s.text, s.start, s.end))
    evidence.sort(key=lambda e: e.start)
    kind = draft.event_type
    background = kind == "ceasefire"  # a truce is context for the map, not a violent incident
    return Incident(
        article=article.source,
        date=draft.date.date,
        date_end=draft.date.date_end,
        date_precision=draft.date.precision,
        place=draft.place.display_name,
        place_id=draft.place.id,
        location_precision=draft.place.precision,
        geometry=locate.place_geometry(draft.place),
        event_type=kind,
        claims=rank_claims(draft.claims),
        killed=draft.killed,
        injured=draft.injured,
        civilian=draft.civilian,
        evidence=evidence,
        background=background,
        summary=_summary(draft),
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        # a publication year inferred from a copyright line is not a publication day
        published=article.published if article.published_precision == "day" else None,
    )


# Whose assertion leads an incident: the parties to the fighting speak first-hand, mediators
# and other governments relay or comment, and an attribution without a side says least.
SIDE_RANK: dict[str, int] = {"Azerbaijan": 0, "Armenia": 0, "Nagorno-Karabakh": 0, "Russia": 1, "third party": 1,
                             "unknown": 2}


def rank_claims(found: list[Claim]) -> list[Claim]:
    """Claims ordered: assertions before denials; parties before observers; then figures, then text order."""
    return sorted(found, key=lambda c: (c.stance != "asserts", SIDE_RANK.get(c.side, 2),
                                        c.killed is None and c.injured is None))


def _summary(draft: Draft) -> str:
    """One line in our own words: what, where (and whether the place was inferred), toll, who says so."""
    where = draft.place.display_name
    if draft.defaulted:
        where += " (no place named in the report; region-level location)"
    parts = [f"{draft.event_type.capitalize()} — {where}"]
    if draft.killed is not None:
        parts.append(f"{draft.killed} killed")
    if draft.injured is not None:
        parts.append(f"{draft.injured} injured")
    sides = sorted({c.side for c in draft.claims if c.side != "unknown"})
    if sides:
        parts.append("claims by " + ", ".join(sides))
    return "; ".join(parts)
