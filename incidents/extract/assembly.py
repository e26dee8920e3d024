"""From one article to its incidents: clause readings become incidents, one per event.

Readings about the same place and overlapping dates merge, both sides'
statements becoming claims; readings naming no place join the article's
region-wide incident of that day, or get the front line / Nagorno-Karabakh /
the state border as an honest area or line location; follow-up figures join
the event just told; denials attach to what they deny. History, war-wide
tolls and unsupported asides never become mapped incidents.
"""
from __future__ import annotations

import re

from geo.gazetteer import Place
from geo.geocode import find_mentions
from incidents.extract.casualties import HARM, PERFECT_TOLL, TOLL_PLACE_REACH, Casualties
from incidents.extract.clause import Reading
from incidents.extract.dates import LEAD_RECENT_DAYS, DateGuess, dates_overlap, finer, publication_default
from incidents.extract.denials import attach_denial, denied_report
from incidents.extract.draft import (
    CONTINUE_SENTENCES,
    FOLLOW_UP_SENTENCES,
    SILENT_GAP,
    Draft,
    absorb,
    figures_agree,
)
from incidents.extract.events import (
    DEFINITE_BEFORE,
    EVENT_NOUN,
    THREAT_SIDES,
    VIOLENT,
    means_agree,
    names_means,
    same_family,
    stronger,
)
from incidents.extract.places import (
    FRONT,
    UNKNOWN_UNIT,
    before_2020_war,
    border_place,
    border_story,
    default_place,
    default_places,
    nested,
    place_geometry,
)
from incidents.extract.reading import read_clauses
from incidents.extract.sentences import split_sentences
from incidents.model import Article, Claim, Evidence, Incident


def extract_incidents(article: Article) -> list[Incident]:
    """Every incident an article reports, background ones included (flagged `background=True`)."""
    text = article.text
    sentences = split_sentences(text)
    mentions = find_mentions(text)
    readings = read_clauses(sentences, mentions, article)
    drafts = assemble(readings, article, border_story(text, mentions))
    return [finish(d, article) for d in drafts]


def assemble(readings: list[Reading], article: Article, border: bool = False) -> list[Draft]:
    """Turn clause readings into incident drafts: merge, attach follow-ups and denials."""
    drafts: list[Draft] = []
    telling = frozenset(r.index for r in readings if r.event is not None or r.denial or r.casualties.any)
    for reading in readings:
        if reading.denial:
            if not attach_denial(reading, drafts) and denied_report(reading):
                # "reports that the army fired on Jermuk are false": the only account of the
                # event is the denial; the event is still claimed, and disputed
                when = reading.date or publication_default(article.published, article.published_precision)
                for place in reading.places:
                    _merge_or_add(drafts, reading, reading.event.event_type, place, False, when, figures=False)
                    drafts[-1].claims = []
                    attach_denial(reading, drafts[-1:])
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
            if reading.date is not None and finer(reading.date, follow.date):
                follow.date = reading.date
            absorb(follow, reading)
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
    armed = any(names_means(r.text) or r.casualties.mentions_harm for r in draft.readings)
    return draft.defaulted and not sourced and not armed and draft.killed is None and draft.injured is None


def _refers_back(reading: Reading) -> bool:
    """An unplaced clause without figures whose event word is a definite noun ("the clashes began on
    Sunday", "people with burns from the depot blast") names an event the article has told or takes as
    known: it opens no incident of its own (heldout3: origins and aftermaths drawn as new events)."""
    if reading.places or reading.casualties.any or reading.casualties.mentions_harm or reading.event is None \
            or names_means(reading.text):
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
    border = border_place().id
    kept: list[Draft] = []
    for draft in drafts:
        figures = draft.killed is not None or draft.injured is not None
        # a toll given for "the border" fighting of a day the article places elsewhere is that fighting's
        vague = draft.place.id == border or (draft.defaulted and not figures)
        # a quoted vague report after the located one ("its forces were striking positions", said the
        # ministry) tells more than the town's event did and stands as a region-level incident
        same_day = [d for d in drafts if _located(d) and same_family(d.event_type, draft.event_type)
                    and dates_overlap(d.date, draft.date)] if vague and draft.event_type in VIOLENT else []
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
                 and any(r.dated_explicitly for r in d.readings) and same_family(d.event_type, draft.event_type)
                 and figures_agree(d, Casualties(draft.killed, draft.injured))), None)


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
    if reading.dated_explicitly and (reading.date is None or not finer(reading.date, last.date)
                                     or not dates_overlap(last.date, reading.date)):
        return None
    local = last.place.precision == "point" or last.place.kind == "district"
    # figures further back than the next sentence are more often a wider toll than this event's
    reach = FOLLOW_UP_SENTENCES if reading.casualties.any else CONTINUE_SENTENCES
    if last.defaulted or not local or reading.index - last.last_sentence > reach:
        return None
    if not (same_family(last.event_type, kind) and means_agree(last.event_type, kind)):
        return None
    return last if figures_agree(last, reading.casualties) else None


def _roundup(reading: Reading) -> bool:
    """A running total ("in all", "the death toll rose") over the whole region: a summary, not an event."""
    if not reading.casualties.aggregate:
        return False
    region, line = default_places()
    return all(p.id in (region.id, line.id) for p in reading.places)


def _locations(reading: Reading, kind: str, when: DateGuess, article: Article,
               border: bool) -> list[tuple[Place, bool]]:
    if not reading.places:
        if UNKNOWN_UNIT.search(reading.text):
            return []  # a named county or province we cannot place: nothing rather than a wrong area
        if not border and FRONT.search(reading.text) and before_2020_war(when, article):
            return [(default_places()[1], True)]  # "over the front" while the 1994 line stood
        return [(default_place(kind, when, article, border), True)]
    region, line = default_places()
    placed = []
    for place in reading.places:
        if place.id == line.id and not before_2020_war(when, article):
            place = region  # the 1994 line no longer existed; "front line" then means the region
        elif place.id == region.id and kind == "ceasefire violation" and before_2020_war(when, article):
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
    elif finer(when, target.date) or _dates_its_statement(target, reading, when):
        target.date = when
    if target.place.id != place.id and place.precision == "point" and target.place.precision != "point":
        target.place, target.defaulted = place, False  # "Tartar region" then "Tartar city centre": the town
    target.event_type = stronger(target.event_type, kind) if same_family(target.event_type, kind) else target.event_type
    absorb(target, reading, figures)


def _mergeable(draft: Draft, reading: Reading, kind: str, place: Place, defaulted: bool, when: DateGuess,
               figures: bool = True) -> bool:
    if not same_family(draft.event_type, kind):
        return False
    same_town = draft.place.id == place.id and place.precision == "point"
    # an undated later mention of a town already reported on goes on telling that event
    # ("Fighting for Shusha is continuing"), whatever day the article appeared
    if not dates_overlap(draft.date, when) and not (same_town and not reading.dated_explicitly) \
            and not _dates_its_statement(draft, reading, when):
        return False
    if figures and not figures_agree(draft, reading.casualties) and not _other_side(draft, reading):
        return False
    # in one article, one town and one day make one event, whatever weapons each sentence names
    if kind in VIOLENT and draft.event_type in VIOLENT and not means_agree(draft.event_type, kind) and not same_town:
        return False
    lone = len(reading.places) <= 1 and all(len(r.places) <= 1 for r in draft.readings)
    if draft.place.id == place.id or nested(draft.place, place, lone):
        return True
    region, line = default_places()
    regional = {region.id, line.id, border_place().id}
    return (defaulted or place.id in regional) and (draft.defaulted or draft.place.id in regional)


def _dates_its_statement(draft: Draft, reading: Reading, when: DateGuess) -> bool:
    """A draft dated only by its statement's day ("said on Friday that…") and a reading that gives an
    event day a few days before it: the event's own day, told in a later sentence."""
    if not reading.dated_explicitly or when.date is None or draft.date.date is None:
        return False
    if not any(r.said_on for r in draft.readings) or any(r.dated_explicitly for r in draft.readings):
        return False
    return 0 <= (draft.date.date - when.date).days <= LEAD_RECENT_DAYS


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
            or not figures_agree(draft, figures):
        return
    absorb(draft, reading)


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
        geometry=place_geometry(draft.place),
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
