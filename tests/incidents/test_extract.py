"""Each rule of the extractor, on a fixture article written for it (tests/fixtures/articles)."""
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from incidents.extract import extract_incidents
from incidents.extract.sentences import split_clauses
from incidents.model import DATE_PRECISIONS, EVENT_TYPES, Article

from .common import by_place, fixture_incidents


def one(incidents, fragment):
    found = by_place(incidents, fragment)
    assert len(found) == 1, f"expected one incident at {fragment}, got {[i.place for i in incidents]}"
    return found[0]


def test_weekday_and_overnight_resolution():
    found = fixture_incidents("weekday-overnight.md")  # published Monday 2020-10-05
    tartar = one(found, "Tartar")
    assert (tartar.date, tartar.date_precision, tartar.event_type) == (dt.date(2020, 10, 4), "night", "shelling")
    martuni = one(found, "Martuni")
    assert (martuni.date, martuni.date_precision) == (dt.date(2020, 10, 3), "day")
    jabrayil = one(found, "Jabrayil")
    assert (jabrayil.date, jabrayil.event_type) == (dt.date(2020, 10, 4), "drone strike")


def test_denial_attaches_to_the_incident_it_denies():
    found = fixture_incidents("denial-ganja.md")
    ganja = one(found, "Ganja")  # spelled Gyandzha in the text
    assert ganja.disputed and (ganja.killed, ganja.injured, ganja.civilian) == (4, 11, True)
    assert [(c.side, c.stance) for c in ganja.claims] == [("Azerbaijan", "asserts"), ("Armenia", "denies")]
    hadrut = one(found, "Hadrut")  # spelled Gadrut
    assert not hadrut.disputed and hadrut.killed == 1
    assert hadrut.main_claim.side == "Nagorno-Karabakh"
    assert not by_place(found, "Stepanakert"), "where officials spoke is not where it happened"
    assert not by_place(found, "Yerevan")


def test_denial_phrased_as_nothing_to_do_with_reality():
    jermuk = one(fixture_incidents("denial-reality.md"), "Jermuk")
    assert jermuk.disputed and jermuk.injured == 3 and jermuk.civilian is False
    assert jermuk.main_claim.side == "Armenia"
    assert jermuk.date == dt.date(2022, 9, 13)


def test_each_claimant_pattern():
    found = fixture_incidents("claimants.md")
    expected = {
        "Shusha": ("Azerbaijan's Defense Ministry", "Azerbaijan"),  # X announced
        "Martakert": ("Karabakh's human rights ombudsman", "Nagorno-Karabakh"),  # according to X
        "Talish": ("Armenia's Foreign Ministry spokeswoman", "Armenia"),  # "…," said X
        "Lachin": ("The Karabakh defense army", "Nagorno-Karabakh"),  # X wrote on Facebook
        "Aghdam": ("Russia's Defense Ministry", "Russia"),  # X claimed
    }
    for place, (claimant, side) in expected.items():
        main = one(found, place).main_claim
        assert (main.claimant, main.side) == (claimant, side), place
    assert one(found, "Aghdam").event_type == "ceasefire violation"
    assert one(found, "Martakert").killed == 2


def test_casualty_phrases():
    found = fixture_incidents("casualty-phrases.md")
    talish = one(found, "Talish")
    assert (talish.killed, talish.civilian, talish.date) == (12, False, dt.date(2016, 4, 2))
    tartar = one(found, "Tartar")  # "120-millimeter" and "7 a.m." are not figures
    assert (tartar.killed, tartar.injured, tartar.civilian) == (None, 2, True)
    assert len(found) == 2, "the 1990s war toll is background, not an incident"


def test_boilerplate_and_see_also_lines_yield_nothing():
    found = fixture_incidents("noise-see-also.md")
    assert [i.place for i in found] == ["Kalbajar (Karvachar)"]
    assert found[0].killed == 1
    assert all("See also" not in e.text for e in found[0].evidence)


def test_talks_venues_and_tolls_are_not_incidents():
    found = fixture_incidents("talks-venues.md", background=True)
    assert [i.place for i in found] == ["Barda"]
    barda = found[0]
    assert barda.killed == 5 and barda.main_claim.side == "Azerbaijan"


def test_unlocated_fighting_gets_a_region_level_location():
    found = fixture_incidents("unlocated.md")  # 2016: the line of contact still existed
    assert len(found) == 1
    incident = found[0]
    assert incident.location_precision == "line" and incident.geometry["type"].endswith("LineString")
    assert {c.side for c in incident.claims} == {"Armenia", "Azerbaijan"}


def test_after_2020_unlocated_goes_to_the_region_polygon():
    article = Article("x.txt", "Heavy clashes broke out on Monday, the Armenian Defense Ministry said.",
                      published=dt.date(2022, 9, 13), published_precision="day")
    (incident,) = extract_incidents(article)
    assert incident.location_precision == "area" and "Polygon" in incident.geometry["type"]
    assert incident.place_id == "area:nagorno-karabakh"


def test_plain_text_dates_are_honest():
    found = fixture_incidents("plain-copyright.txt")  # only "©2022" gives the year
    goris = sorted(by_place(found, "Goris"), key=lambda i: i.date_precision)
    assert [(i.date, i.date_precision) for i in goris] == [(dt.date(2022, 9, 14), "day"),
                                                          (dt.date(2022, 1, 1), "year")]
    assert all(i.published is None for i in found)


def test_evidence_offsets_point_into_the_article():
    from incidents.read import read_article

    from .common import FIXTURES

    article = read_article(FIXTURES / "denial-ganja.md")
    for incident in extract_incidents(article):
        for evidence in incident.evidence:
            assert article.text[evidence.start:evidence.end] == evidence.text
        for claim in incident.claims:
            assert article.text[claim.start:claim.end] == claim.quote


def test_clauses_split_at_contrast_but_not_inside_quotes():
    assert [c for c, _ in split_clauses("They denied it, while saying two died.")] == ["They denied it",
                                                                                     "saying two died."]
    assert len(split_clauses("“We fired, but only back,” he said.")) == 1


def test_empty_and_eventless_articles():
    assert extract_incidents(Article("e.txt", "Nothing happened today.")) == []
    assert extract_incidents(Article("e.txt", "The weather in Goris was mild, residents said.")) == []


def test_border_story_fire_sources_and_follow_ups():
    found = fixture_incidents("border-flareup.md")  # published Wednesday 2021-11-17
    unlocated = [i for i in found if i.location_precision == "line"]
    assert unlocated == [], "the lead ('fighting broke out on the border on Tuesday') is the Sotk fighting told vaguely"
    sotk = one(found, "Sotk")
    assert sotk.date == dt.date(2021, 11, 16) and sotk.event_type == "armed clash"
    assert not by_place(found, "Kalbajar"), "where fire came from is not where it landed"
    assert len(sotk.evidence) == 3, "the vague lead and the unlocated follow-up sentence join the located event"
    vardenis = one(found, "Vardenis")
    assert vardenis.event_type == "shelling"
    shusha = one(found, "Shusha")
    assert (shusha.injured, shusha.civilian, shusha.date_precision) == (2, False, "range")
    assert shusha.date <= dt.date(2021, 11, 10) <= shusha.date_end
    assert shusha.main_claim.side == "Russia"


def test_past_years_are_history():
    article = Article("h.txt", "Azerbaijani troops took control of Shusha in 2020, the ministry said. "
                               "Shelling hit Tartar on Monday, the ministry said.",
                      published=dt.date(2021, 6, 8), published_precision="day")
    assert [i.place for i in extract_incidents(article) if not i.background] == ["Tartar"]


def test_commentary_hypotheticals_and_old_wars_yield_nothing():
    assert fixture_incidents("no-events.md", background=True) == []


WORDS = ["Shelling", "hit", "Tartar", "on", "Sunday", "killing", "two", "civilians", ",", ".", "the", "ministry",
         "said", "“", "”", '"', "denied", "Ganja", "overnight", "April", "4", "in", "all", "1994", "30,000", "\n",
         "See also", "drone", "If", "while", "Baku", "talks", "Moscow", "U.S.", "Sept.", "27", "a.m.", "—"]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60), st.sampled_from(["day", "year", "unknown"]))
def test_extraction_never_crashes_and_offsets_hold(words, precision):
    text = " ".join(words)
    published = None if precision == "unknown" else dt.date(2020, 10, 12)
    article = Article("fuzz.txt", text, published=published, published_precision=precision)
    for incident in extract_incidents(article):
        assert incident.event_type in EVENT_TYPES and incident.date_precision in DATE_PRECISIONS
        assert (incident.date is None) == (incident.date_precision == "unknown")
        for evidence in incident.evidence:
            assert text[evidence.start:evidence.end] == evidence.text
