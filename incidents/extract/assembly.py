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

from geo.gazetteer import Place, load_gazetteer
from geo.geocode import find_mentions
from incidents.budget import DEFAULT_BUDGET_S, Deadline
from incidents.extract.casualties import HARM, PERFECT_TOLL, TOLL_PLACE_REACH, Casualties
from incidents.extract.clause import Reading
from incidents.extract.dates import LEAD_RECENT_DAYS, DateGuess, dates_overlap, finer, publication_default
from incidents.extract.denials import CAMP, attach_denial, denied_report
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
    is_local,
    nested,
    place_geometry,
)
from incidents.extract.reading import read_clauses
from incidents.extract.sentences import split_sentences
from incidents.model import Article, Claim, Evidence, Incident


def extract_incidents(article: Article, budget_s: float | None = DEFAULT_BUDGET_S) -> list[Incident]:
    """Every incident an article reports, background ones included (flagged `background=True`).

    Raises ExtractionTimeout when the article takes longer than `budget_s` seconds (None: no limit)."""
    load_gazetteer()  # once per process: a warm-up, not this article's time
    deadline = Deadline.starting_now(budget_s)
    text = article.text
    sentences = split_sentences(text)
    mentions = find_mentions(text)
    deadline.check(len(text))
    readings = read_clauses(sentences, mentions, article, deadline)
    drafts = assemble(readings, article, border_story(text, mentions), deadline)
    return [finish(d, article) for d in drafts]


def assemble(readings: list[Reading], article: Article, border: bool = False,
             deadline: Deadline | None = None) -> list[Draft]:
    """Turn clause readings into incident drafts: merge, attach follow-ups and denials."""
    drafts: list[Draft] = []
    telling = frozenset(r.index for r in readings if r.event is not None or r.denial or r.casualties.any)
    for reading in readings:
        if deadline is not None:
            deadline.check(len(article.text))
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
    drafts = fold_totals(fold_vague_leads(drafts))
    return [d for d in drafts if not _stale_unlocated(d, article) and not _unsupported(d)]


def _unsupported(draft: Draft) -> bool:
    """An event that names no place, that nobody is quoted for, that gives neither the arms used nor
    any victim ("the truce collapsed within minutes on Monday", "the cathedral was hit twice"): an
    aside of the narrator, too thin to draw on the map (most stray region-level incidents)."""
    sourced = any(r.attribution is not None and r.attribution.named for r in draft.readings)
    # arms ("tanks, helicopters and artillery") or victims, even uncounted ("the bodies of the dead"),
    # make it a report of its own
    armed = any(names_means(r.text) or r.casualties.mentions_harm for r in draft.readings)
    return draft.defaulted and not sourced and not armed and draft.killed is None and draft.injured is None


def _refers_back(reading: Reading) -> bool:
    """An unplaced clause without figures whose event word is a definite noun ("the clashes began on
    Sunday", "people with burns from the depot blast") names an event the article has told or takes as
    known: it opens no incident of its own (origins and aftermaths drawn as new events)."""
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


# "around a strategic city in Nagorno-Karabakh", "the town": a settlement the words point at without naming.
UNNAMED_SETTLEMENT = re.compile(r"\b(?:a|an|the|one|strategic)\s+(?:[\w-]+\s+)?(?:city|town|village|settlement)\b(?!\s+of\b)",
                                re.IGNORECASE)


def fold_vague_leads(drafts: list[Draft]) -> list[Draft]:
    """A figure-less report with no place of its own, or only "the border", on a day the article
    goes on to place fighting in a town or district, is that fighting told in general words (a lead:
    "Azerbaijan's second city came under fire on Sunday", "fighting on the border continued"):
    it joins the first such located incident instead of standing as a vague one of its own."""
    border = border_place().id
    regional = {border, *(p.id for p in default_places())}
    kept: list[Draft] = []
    for draft in drafts:
        figures = draft.killed is not None or draft.injured is not None
        # a toll given for "the border" fighting of a day the article places elsewhere is that fighting's
        # ...and a region named as the scene by nobody in particular ("the two sides accused each other of
        # violating the truce in the region")
        vague = draft.place.id == border or (not figures and (draft.defaulted or draft.place.id in regional
                                                              and not _party_claimed(draft) and not _armed(draft)))
        # a region named as the whole scene ("fighting around a strategic city in the region"), told by a
        # side that also places it, is that side's located report in general words
        general = draft.place.id in regional and not figures and _unnamed_settlement(draft)
        # a quoted vague report after the located one ("its forces were striking positions", said the
        # ministry) tells more than the town's event did and stands as a region-level incident
        same_day = [d for d in drafts if _located(d) and same_family(d.event_type, draft.event_type)
                    and dates_overlap(d.date, draft.date)] if (vague or general) and draft.event_type in VIOLENT else []
        lead = all(d.readings[0].start > draft.readings[0].start for d in same_day)
        # after the located report, a vague one folds too when it is only "the border" (the state
        # border is no scene of its own) or when nobody is quoted for it ("The adversary is also
        # using drones."): it goes on telling the same day's fighting
        unsourced = all(r.attribution is None or not r.attribution.named for r in draft.readings)
        told = [d for d in same_day if _shares_side(d, draft)] if general else []
        target = same_day[0] if same_day and vague and (lead or draft.place.id == border or unsourced) \
            else told[0] if told else _dated_twin(draft, drafts)
        if target is None:
            kept.append(draft)
            continue
        target.readings.extend(draft.readings)
        target.claims.extend(c for c in draft.claims if c not in target.claims)
    return kept


def fold_totals(drafts: list[Draft]) -> list[Draft]:
    """A toll for an area that is the sum of tolls the article gives part by part is their total, not an
    incident of its own. Place by place ("three civilians were killed in villages of Tavush" … "one in
    Paravakar, two in Berdavan"), or event by event, the total joins the first part, its claims kept and
    its figure dropped; side by side over one area ("30 soldiers were killed", officials of both countries
    said … "12 of its soldiers", says Baku … "18", says Yerevan), the sides' own counts join the total as
    claims with their figures."""
    folded: set[int] = set()
    for draft in drafts:
        if draft.killed is None or is_local(draft.place) or id(draft) in folded:
            continue
        parts = [d for d in drafts if d is not draft and id(d) not in folded and d.killed is not None
                 and same_family(d.event_type, draft.event_type) and dates_overlap(d.date, draft.date)
                 and _part_of(d, draft)]
        counts = [_killed_by_camp(d) for d in parts]
        if sum(len(c) for c in counts) < 2 or sum(sum(c.values()) for c in counts) != draft.killed:
            continue
        if any(is_local(d.place) for d in parts):  # parts told as incidents of their own: the total goes
            _join(parts[0], draft)
            folded.add(id(draft))
        else:  # parts that are only each side's count of the same fighting
            for part in parts:
                _join(draft, part)
                folded.add(id(part))
    return [d for d in drafts if id(d) not in folded]


def _killed_by_camp(draft: Draft) -> dict[str, int]:
    """The dead each camp counts in a draft (one battle, each side its own losses), else the draft's toll."""
    counts: dict[str, int] = {}
    for claim in draft.claims:
        camp = CAMP.get(claim.side)
        if camp is not None and claim.killed is not None and claim.stance == "asserts":
            counts.setdefault(camp, claim.killed)
    return counts if len(counts) > 1 else {"": draft.killed or 0}


def _part_of(part: Draft, whole: Draft) -> bool:
    """Whether a draft's place lies within the area a total was given for (a region holds every place)."""
    return whole.defaulted or whole.place.kind in ("region", "line") or nested(part.place, whole.place)


def _join(target: Draft, other: Draft) -> None:
    """Another draft's words and claims told as part of `target` (its figures stay with its claims); a day
    the other's words give dates a target that only the publication day dated."""
    if not any(r.dated_explicitly for r in target.readings) and any(r.dated_explicitly for r in other.readings):
        target.date = other.date
    target.readings.extend(other.readings)
    target.claims.extend(c for c in other.claims if c not in target.claims)


def _armed(draft: Draft) -> bool:
    """Whether a draft's words name the arms used ("artillery barrages and drone strikes"): a report's detail."""
    return any(names_means(r.text) for r in draft.readings)


def _party_claimed(draft: Draft) -> bool:
    """Whether a party to the conflict, named as such, asserts the draft."""
    return any(c.stance == "asserts" and c.side != "unknown" for c in draft.claims)


def _unnamed_settlement(draft: Draft) -> bool:
    """Whether a draft's words point at a settlement without naming it ("a strategic city in the region")."""
    return any(UNNAMED_SETTLEMENT.search(r.text) for r in draft.readings)


def _shares_side(a: Draft, b: Draft) -> bool:
    """Whether a party asserts both drafts."""
    sides = {c.side for c in a.claims if c.stance == "asserts"} & {c.side for c in b.claims if c.stance == "asserts"}
    return bool(sides - {"unknown"})


def _dated_twin(draft: Draft, drafts: list[Draft]) -> Draft | None:
    """For a draft no sentence dated ("rescuers cleared rubble after a rocket strike on Barda"), a
    later draft that a sentence does date and that tells the same event: at the same town, or with the
    same toll ("Seven troops have been killed in border clashes" … "Seven servicemen died … in the
    clashes provoked Tuesday")."""
    if any(r.dated_explicitly or r.context_dated for r in draft.readings):
        return None
    return next((d for d in drafts if d is not draft and d.readings[0].start > draft.readings[0].start
                 and (d.place.id == draft.place.id and draft.place.precision == "point" or _tells_toll(d, draft))
                 and any(r.dated_explicitly for r in d.readings) and same_family(d.event_type, draft.event_type)
                 and figures_agree(d, Casualties(draft.killed, draft.injured))), None)


def _tells_toll(twin: Draft, draft: Draft) -> bool:
    """Whether the twin's words give a toll the draft's words give (a figure, not the absence of one)."""
    killed = {r.casualties.killed for r in draft.readings} - {None}
    injured = {r.casualties.injured for r in draft.readings} - {None}
    return any(r.casualties.killed in killed or r.casualties.injured in injured for r in twin.readings)


def _located(draft: Draft) -> bool:
    """Placed by its own words at a town, height or district (not a region, line or default)."""
    return not draft.defaulted and is_local(draft.place)


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
    local = is_local(last.place)
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
    if figures and _adversaries_count_apart(draft, reading):
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


def _adversaries_count_apart(draft: Draft, reading: Reading) -> bool:
    """Whether a reading's figures keep it out of a draft. Each side counting its own losses of the
    fighting along a front ("12 of our soldiers died", says Baku; "18 of ours", says Yerevan) tells one
    battle; at one town or post ("7 of our servicemen were wounded" near Lachin, says Stepanakert; "they
    killed one of our soldiers" near Lachin, says Baku) each tells an attack of its own. Otherwise figures
    join only when they agree."""
    if not reading.casualties.any or reading.casualties.aggregate:
        return False
    attr = reading.attribution
    camp = CAMP.get(attr.side) if attr is not None else None
    counted = {CAMP.get(c.side) for c in draft.claims if c.killed is not None or c.injured is not None} - {None}
    adversary = camp is not None and bool(counted) and camp not in counted
    if adversary:
        return is_local(draft.place)
    return not figures_agree(draft, reading.casualties)


def _attach_follow_up(reading: Reading, drafts: list[Draft], telling: frozenset[int] = frozenset()) -> None:
    """Figures in a sentence that names no place and no act belong to the event just reported, if any."""
    figures = reading.casualties
    violent = [d for d in drafts if d.event_type in VIOLENT]
    if not violent or figures.aggregate or PERFECT_TOLL.search(reading.text):
        return
    draft = max(violent, key=lambda d: d.last_sentence)
    # sentences that tell nothing ("The enemy's attempts were prevented.") do not part figures from
    # their event: a bulletin's toll often comes after such a line
    told_between = sum(1 for i in range(draft.last_sentence + 1, reading.index) if i in telling)
    gap = reading.index - draft.last_sentence
    # ...within its paragraph: a heading ("The cost.") opens a new topic, often a war-wide toll
    same_paragraph = max(draft.readings, key=lambda r: r.index).sentence.paragraph == reading.sentence.paragraph
    if 1 + told_between > FOLLOW_UP_SENTENCES or gap > SILENT_GAP or (gap > 1 and not same_paragraph) \
            or _adversaries_count_apart(draft, reading):
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
