"""Reading clauses in order: what each says, with what the sentences before it tell.

A clause alone often lacks its claimant ("he said"), its place ("the town") or
its day (a lead said "on Tuesday"). This stage reads each clause with the
stage modules (events, casualties, dates, places, attribution, denials) and
then fills those gaps from the text read so far: pronoun claimants from the
last named one, "the town" from the last town named, undated event sentences
from the lead's day or the episode the article tells, and look backs that a
paragraph opened.
"""
from __future__ import annotations

import datetime as dt

from geo.gazetteer import Place
from geo.geocode import Mention
from incidents.budget import Deadline
from incidents.extract.attribution import Attribution, Speakers, find_attribution, is_official, names_statement
from incidents.extract.casualties import find_casualties, parse_number
from incidents.extract.clause import Reading
from incidents.extract.dates import (
    AGENCY_DATELINE,
    DATELINE,
    EPISODE_DAYS,
    LEAD_RECENT_DAYS,
    ONGOING,
    RELATIVE_TO_LAST,
    SINCE_PERIOD,
    SINCE_TALLY,
    SINCE_TODAY,
    DateGuess,
    event_date,
    find_dates,
    is_coarse_past,
    is_history,
    is_recent,
    is_stale,
    long_ago,
    only_old_dates,
    opens,
    publication_default,
    speech_dated,
)
from incidents.extract.denials import is_denial
from incidents.extract.events import NO_SHOTS, TREND, clause_event
from incidents.extract.events import is_history as tells_history
from incidents.extract.places import ANAPHORA, clause_places, last_point_before
from incidents.extract.sentences import Sentence, split_clauses
from incidents.model import Article

# A lead's date ("fought on Tuesday") goes on dating undated event sentences this many paragraphs
# further on: wire stories tell one day's event in a lead and the sides' accounts after it.
CONTEXT_PARAGRAPHS = 2
# The parties whose statements a report relays; mediators and foreign governments comment on them.
PARTIES = frozenset({"Azerbaijan", "Armenia", "Nagorno-Karabakh"})
# Characters at the start of a sentence searched for a scene-setting date ("Overnight July 16, at 03:40,").
SCENE_DATE_CHARS = 60
# Paragraphs (from the top, the title being the first) that make an article's lead.
LEAD_PARAGRAPHS = 2
# A statement may be named after what it says, within this many sentences of its paragraph ("Shells hit
# two villages. There were no casualties. This is stated in the peacekeepers' bulletin.").
STATED_AFTER = 2


def read_clauses(sentences: list[Sentence], mentions: list[Mention], article: Article,
                 deadline: Deadline | None = None) -> list[Reading]:
    """One Reading per clause, with pronoun claimants resolved and undated clauses dated from context."""
    readings: list[Reading] = []
    speakers = Speakers.of(article)
    last_point: Place | None = None  # antecedent for "the town", "the village"
    context: tuple[int, DateGuess] | None = None  # (paragraph, date) of the last explicitly dated event
    looking_back: int | None = None  # paragraph whose last explicitly dated event was background
    old_paragraph: int | None = None  # ...and whose date lies weeks or years back, not a trend this week
    said: list[Attribution | None] = []  # each sentence's named speaker, side resolved
    for index, sentence in enumerate(sentences):
        if deadline is not None:
            deadline.check(len(article.text))
        sentence_attr = find_attribution(sentence.text)
        clauses = split_clauses(sentence.text)
        said.append(None)
        for text, offset in clauses:
            attr = (find_attribution(text) or sentence_attr) if len(clauses) > 1 else sentence_attr
            attr = speakers.resolve(attr, article.published)
            if attr is not None and attr.named:
                said[index] = said[index] or attr
            reading = read_clause(sentence, index, text, sentence.start + offset, mentions, attr, article)
            if reading.event is not None and not reading.places and ANAPHORA.search(text):
                antecedent = last_point_before(mentions, reading.start) or last_point
                reading.places = [antecedent] if antecedent is not None else []
            last_point = next((p for p in reading.places if p.precision == "point"), last_point)
            shifted = _relative_to_last(text, context)
            if reading.event is not None and shifted is not None:
                reading.date, reading.dated_explicitly = shifted, True
            if reading.event is not None and reading.dated_explicitly and reading.date is not None:
                # a history sentence dates nothing after it ("…war in 2020. Shelling continues.")
                context = None if reading.background else (sentence.paragraph, reading.date)
                looking_back = sentence.paragraph if reading.background else None
                old_paragraph = sentence.paragraph if long_ago(reading.date, article) else None
            elif reading.event is not None and looking_back == sentence.paragraph \
                    and (not reading.places or old_paragraph == sentence.paragraph):
                # "On 12 May, troops advanced near X. Baku said its soldiers had only taken positions.":
                # an undated, unplaced sentence goes on with the look back its paragraph opened; after
                # an old date ("In April 2016, fighting killed 200. Azerbaijan took heights near
                # Talish.") a placed one does too
                reading.background = True
            elif reading.event is not None and context is not None and not reading.said_on \
                    and not reading.ongoing and _in_context(sentence, context, article):
                reading.date, reading.context_dated = context[1], True
            elif reading.event is None and reading.scene_date is not None:
                context = (sentence.paragraph, reading.scene_date)
            readings.append(reading)
    _attribute_unattributed(readings, sentences, said)
    return _date_by_episode(silence_stand_offs(readings), article)


def _attribute_unattributed(readings: list[Reading], sentences: list[Sentence],
                            said: list[Attribution | None]) -> None:
    """Claimants for event clauses that name none: the speaker of a sentence right after them in the
    same paragraph ("Shells hit X overnight. This is stated in the ministry's bulletin."), else the one
    party the article quotes, when it quotes only one and through an office (a report relaying one side's
    statement; a commentator's views do not make the narrator's account theirs)."""
    official = [a for a in said if a is not None and a.side in PARTIES and is_official(a.claimant)]
    sole = official[0] if len({a.side for a in said if a is not None and a.side != "unknown"}) == 1 and official \
        else None
    for reading in readings:
        if reading.attribution is not None or reading.event is None or reading.denial:
            continue  # a denial's speaker is its subject, never the party whose claim it denies
        after = _speaker_after(reading.index, sentences, said)
        if after is not None:
            reading.attribution = after
        elif sole is not None:
            reading.attribution = Attribution(sole.claimant, sole.side, -1, -1, named=False)


def _speaker_after(index: int, sentences: list[Sentence], said: list[Attribution | None]) -> Attribution | None:
    """The source a statement names after what it says, within STATED_AFTER sentences of its paragraph
    ("This is stated in the ministry's bulletin"); another party's words after it are its own account."""
    for later in range(index + 1, min(index + 1 + STATED_AFTER, len(sentences))):
        if sentences[later].paragraph != sentences[index].paragraph:
            return None
        if said[later] is not None:
            return said[later] if names_statement(sentences[later].text) else None
    return None


def _date_by_episode(readings: list[Reading], article: Article) -> list[Reading]:
    """When every day the article gives its present events lies before publication (a wire story filed the
    morning after, a weekly round-up, a feature written after the fact), an undated event sentence tells
    that episode, not the publication day: it takes the last such day given before it. The day before
    publication counts only when the lead gives it; two days or more always do."""
    if article.published is None or article.published_precision != "day":
        return readings
    days = [(r.index, r.date) for r in readings if r.event is not None and r.dated_explicitly and not r.background
            and r.date is not None and r.date.date is not None and r.date.precision in ("day", "night")
            and 0 <= (article.published - r.date.date).days <= EPISODE_DAYS]
    # a night runs into the next morning: "overnight" in a piece of the morning after is today's news
    if not days or max(d.date + dt.timedelta(days=d.precision == "night") for _, d in days) >= article.published:
        return readings
    first = min(i for i, _ in days)
    lead = next(r.sentence.paragraph for r in readings if r.index == first) <= LEAD_PARAGRAPHS
    if not lead and max(d.date for _, d in days) >= article.published - dt.timedelta(days=1):
        return readings  # yesterday's event told deep in a piece whose lead is today's news
    for reading in readings:
        if reading.event is None or reading.date is not None or reading.background or reading.ongoing:
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


def _scene_date(text: str, article: Article) -> DateGuess | None:
    """A day or night opening a sentence that reports no event ("Overnight July 16, at 03:40, the units
    noticed movement."): it dates the events the next sentences tell."""
    opening = text[:SCENE_DATE_CHARS]  # only a date at the very start counts; the rest need not be read
    found = [d for d in find_dates(opening, article.published, article.published_precision)
             if opens(d, opening) and d.precision in ("day", "night") and d.date is not None]
    return found[0] if found and not long_ago(found[0], article) else None


def read_clause(sentence: Sentence, index: int, text: str, start: int, mentions: list[Mention],
                attr: Attribution | None, article: Article) -> Reading:
    """Read one clause: what happened, how many died, when, where, and who says so."""
    casualties = find_casualties(text)
    usable_figures = casualties.any and not casualties.aggregate
    event = clause_event(text, usable_figures, casualties)
    denial = is_denial(text)
    if event is None and not denial:  # nothing to place: only a date opening the clause sets the scene
        return Reading(sentence, index, text, start, None, casualties, None, [], attr, False, False, False,
                       scene_date=_scene_date(text, article))
    dates = find_dates(text, article.published, article.published_precision)
    dateline = (DATELINE.match(text) or AGENCY_DATELINE.match(text)) if article.published_precision == "day" else None
    if dateline:  # "BARDA, Azerbaijan (Oct 29) —": the day the story was filed, not the event's
        dates = [d for d in dates if d.start >= dateline.end()]
    date = event_date(dates, event, text)
    history = bool(date and date.known and (is_history(date, article.published) or is_coarse_past(date, article)
                                            or is_stale(date, article)))
    fine_date = date is not None and date.precision in ("day", "night", "range") and not history
    background = history or (tells_history(text) and not fine_date) or (date is None and only_old_dates(dates, article))
    if TREND.search(text) and (date is None or date.precision not in ("day", "night")):
        background = True  # "clashes have intensified this week": a trend over days, not one event
    # a tally "since" something with no day of its own ("thousands have died since") counts a period
    if SINCE_TALLY.search(text) and ((date is None and not SINCE_TODAY.search(text))
                                     or (date is not None and date.date is not None and not is_recent(date, article))
                                     or SINCE_PERIOD.search(text)):
        background = True
    places = clause_places(text, start, mentions, attr, sentence, article)
    said_on = speech_dated(text, date, event)
    ongoing = date is None and ONGOING.search(text) is not None
    if ongoing:  # "the fighting goes on": the day of publication, as said, not an earlier sentence's day
        date = publication_default(article.published, article.published_precision)
    return Reading(sentence, index, text, start, event, casualties, date, places, attr, denial, background,
                   date is not None and date.known and not said_on, said_on=said_on, ongoing=ongoing)


def silence_stand_offs(readings: list[Reading]) -> list[Reading]:
    """A paragraph that says no shot was fired tells a stand-off ("troops advanced 3 km … No shots
    have been fired, he said"): its fighting words without figures report no fighting."""
    quiet = {r.sentence.paragraph for r in readings if NO_SHOTS.search(r.text.lower())}
    for reading in readings:
        if reading.sentence.paragraph in quiet and reading.event is not None \
                and reading.event.event_type == "armed clash" and not reading.casualties.any:
            reading.event = None
    return readings
