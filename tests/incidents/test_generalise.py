"""Rules added so the extractor carries over to other outlets' wording (sentences are ours)."""
import datetime as dt

import pytest

from geo.geocode import find_mentions
from incidents.extract import attribution as claims
from incidents.extract import denials, events, extract_incidents
from incidents.extract.casualties import find_casualties
from incidents.extract.sentences import split_clauses
from incidents.model import Article


def article(text: str, published: dt.date = dt.date(2022, 9, 14)) -> Article:
    return Article(source="t.md", text=text, title="t", outlet="Fixture", url=None, published=published,
                   published_precision="day", language="en")


@pytest.mark.parametrize(("text", "killed", "injured"), [
    ("Four conscripts of the Karabakh defence army were killed overnight.", 4, None),
    ("Two villagers, a shepherd and his son, had been killed near the border.", 2, None),
    ("A family of six was killed when a shell struck their home.", 6, None),
    ("A 60-year-old resident was killed by shrapnel.", 1, None),
    ("One of the dead was a resident of Goris, who was killed at home.", 1, None),
    ("Three employees of the power company were killed when a mine exploded.", 3, None),
    ("Five soldiers of the border guard service were wounded.", None, 5),
])
def test_casualty_phrases_of_other_outlets(text, killed, injured):
    found = find_casualties(text)
    assert (found.killed, found.injured) == (killed, injured)


@pytest.mark.parametrize(("text", "denial"), [
    ("The report about a downed helicopter does not correspond to reality, the ministry said.", True),
    ("Such claims are yet another provocation, Baku said.", False),  # "is another provocation" only
    ("The claim is another provocation by Yerevan, the ministry said.", True),
    ("These statements are lies, the spokesman said.", True),
    ("The ministry said the shelling was a provocation.", False),  # an accusation, not a denial
])
def test_denial_wordings(text, denial):
    assert denials.is_denial(text) is denial


@pytest.mark.parametrize(("text", "claimant"), [
    ("Officials in Karabakh, meanwhile, said Martuni had been hit.", "Officials in Karabakh"),
    ("Shelling went on, with the separatist authorities saying three homes burned.", "the separatist authorities"),
    ("Baku, for its part, said enemy units fired on its posts.", "Baku"),
    ("Shells fell on Kapan, the regional governor told reporters.", "the regional governor"),
    ("Tartar was shelled, the press service of the Prosecutor General's Office reported.",
     "the press service of the Prosecutor General's Office"),
])
def test_claimant_patterns(text, claimant):
    found = claims.find_attribution(text)
    assert found is not None and found.claimant == claimant


@pytest.mark.parametrize(("opening", "side"), [
    ("BAKU, Sept 13 (Reuters) - The ministry said", "Azerbaijan"),
    ("YEREVAN, September 13. /ARKA/. The ministry said", "Armenia"),
    ("Baku, April 3, AZERTAC\n\nThe ministry said", "Azerbaijan"),
    ("Ganja, October 17, AZERTAC\n\nThe office said", "Azerbaijan"),  # a town, through the gazetteer
    ("MOSCOW. Oct 8 (Interfax) - The ministry said", "Russia"),
    ("Baku, Azerbaijan, Oct. 18\n\nBy Staff", "Azerbaijan"),
    ("Lavrov praises truce during Baku visit", "unknown"),
    ("September 20, 2023 15:40 GMT", "unknown"),
])
def test_dateline_side(opening, side):
    assert claims.dateline_side(opening) == side


def test_armenian_backed_administration_speaks_for_karabakh():
    assert claims.side_of("The Armenian-backed administration in Nagorno-Karabakh") == "Nagorno-Karabakh"


def test_unnamed_ministry_takes_the_dateline_side():
    text = "YEREVAN, May 3. /Fixture/. Positions near Sotk came under fire overnight, the defense ministry said."
    incidents = extract_incidents(article(text, dt.date(2022, 5, 3)))
    assert [c.side for i in incidents for c in i.claims] == ["Armenia"]


@pytest.mark.parametrize(("text", "pieces"), [
    ("The army fired on Berd, and denied striking homes.", 2),
    ("The leader said his troops hit a base, and warned of more strikes.", 2),
    ("Troops shelled Goris and Kapan and Jermuk.", 1),
])
def test_second_statement_of_one_speaker_is_its_own_clause(text, pieces):
    assert len(split_clauses(text)) == pieces


@pytest.mark.parametrize(("text", "kind"), [
    ("Why does the fighting keep flaring up?", None),
    ("The army liberated 13 villages of the district.", "armed clash"),
    ("Explosions were heard in the city all night.", "armed clash"),
    ("Anti-terrorist measures were launched in the region.", "armed clash"),
    ("Their truck hit a mine on the road.", "armed clash"),
    ("Posts came under large-caliber fire.", "armed clash"),
    ("A fire destroyed a warehouse.", None),
])
def test_event_cues(text, kind):
    from incidents.extract.casualties import Casualties
    from incidents.extract.events import clause_event as _event

    cue = _event(text, False, Casualties())
    assert (cue.event_type if cue else None) == kind


@pytest.mark.parametrize(("text", "expected"), [
    ("posts in the Tartar and Aghdam districts", [("Tartar", "dist:tartar"), ("Aghdam", "dist:aghdam")]),
    ("the Dashkesan, Kalbajar and Lachin border districts",
     [("Dashkesan", "dist:dashkasan"), ("Kalbajar", "dist:kalbajar"), ("Lachin", "dist:lachin")]),
    ("Tartar and Barda were shelled", [("Tartar", "gn:584871"), ("Barda", "gn:587057")]),
    ("houses in the village of Dondar Gushchu were hit", [("Dondar Gushchu", "gn:586717")]),
    # a Karabakh village sharing its name with one in Shirak is not put in Shirak
    ("the village of Sarnaghbyur in Askeran region", [("Askeran region", "dist:khojaly")]),
])
def test_place_lists_variants_and_namesakes(text, expected):
    assert [(m.surface, m.place.id) for m in find_mentions(text)] == expected


def test_landmark_after_near_is_not_a_second_scene():
    text = "On May 2, troops seized the Lele Tepe height near Horadiz, the ministry said."
    places = [i.place for i in extract_incidents(article(text, dt.date(2016, 5, 3)))]
    assert places == ["Lele Tepe"]


def test_one_town_one_day_is_one_event_whatever_the_weapons():
    text = ("Artillery shelled Jermuk on Tuesday, the ministry said.\n\n"
            "Drones also struck near Jermuk, it said.")
    incidents = extract_incidents(article(text, dt.date(2022, 9, 13)))
    assert len(incidents) == 1 and incidents[0].event_type == "drone strike"


def test_each_side_reporting_its_own_losses_is_one_battle():
    text = ("Fighting raged on the front line on Monday; Azerbaijan's Defense Ministry said 12 soldiers died.\n\n"
            "Armenia's Defense Ministry said 18 Armenian soldiers were killed in the fighting.")
    incidents = extract_incidents(article(text, dt.date(2016, 4, 4)))
    assert len(incidents) == 1
    assert {c.side for c in incidents[0].claims} == {"Azerbaijan", "Armenia"}


def test_fighting_said_to_go_on_is_the_days_fighting():
    # the capture claimed for Sunday and the fighting one side says goes on on Monday are two reports
    text = ("Troops took the town of Shusha on Sunday, the president said.\n\n"
            "Fighting for Shusha is continuing, a Karabakh spokesman said.")
    incidents = extract_incidents(article(text, dt.date(2020, 11, 9)))
    assert [(i.place, i.date) for i in incidents] == [("Shusha (Shushi)", dt.date(2020, 11, 8)),
                                                       ("Shusha (Shushi)", dt.date(2020, 11, 9))]


def test_question_headlines_are_not_events():
    assert events.classify("What is the fighting about?") is not None  # the cue alone would fire
    text = "READ MORE\n\nArmenia, Azerbaijan: what is the fighting in Karabakh about?"
    assert extract_incidents(article(text)) == []


@pytest.mark.parametrize(("text", "count"), [
    ("Families crossed at Kornidzor on Monday, a week after Azerbaijan's offensive.", 0),
    ("Last September, soldiers were killed in fighting near Jermuk.", 0),  # a look back, not news
    ("Last month, fighting flared near Jermuk.", 1),
    ("Two soldiers were killed near Jermuk on Monday, a day after the attack.", 1),  # figures: a report
])
def test_time_anchors_and_looks_back_are_not_reports(text, count):
    found = [i for i in extract_incidents(article(text, dt.date(2023, 5, 15))) if not i.background]
    assert len(found) == count, [(i.place, i.date) for i in found]


@pytest.mark.parametrize(("text", "places"), [
    ("A drone hit a bridge on the Goris–Stepanakert road in Lachin on Saturday.", ["Lachin (Berdzor)"]),
    ("Troops shelled Tartar city and villages of the Aghdam district on Monday.", ["Tartar", "Aghdam District"]),
    ("Troops shelled Tartar city in the Tartar district on Monday.", ["Tartar"]),
])
def test_roads_and_districts_apart(text, places):
    found = extract_incidents(article(text, dt.date(2020, 10, 5)))
    assert [i.place for i in found] == places


def test_toll_given_to_the_place_the_words_name():
    text = ("Troops shelled Tartar city and villages of the Aghdam district on Monday, adding that one "
            "civilian was killed in Tartar.")
    found = {i.place: i.killed for i in extract_incidents(article(text, dt.date(2020, 10, 5)))}
    assert found == {"Tartar": 1, "Aghdam District": None}


@pytest.mark.parametrize(("text", "kinds"), [
    ("The truce held on Monday, though the army reported several violations near Martuni overnight.",
     ["ceasefire violation"]),
    ("Residents returned on Monday to find houses near Martuni burned.", []),
    ("Residents of Martuni went back to their homes on Monday.", []),
])
def test_contrasts_aftermath_and_homes(text, kinds):
    found = [i.event_type for i in extract_incidents(article(text, dt.date(2016, 4, 6))) if not i.background]
    assert found == kinds


def test_a_conditional_after_the_event_phrase_leaves_it_real():
    text = "The president said his forces took the town of Hadrut on Friday, in what would be a major gain."
    assert [i.place for i in extract_incidents(article(text, dt.date(2020, 10, 9)))] == ["Hadrut"]


def test_a_statements_later_sentences_stay_with_its_located_first():
    text = ("On the night of May 2, enemy units fired on posts in the Kalbajar district, the ministry said.\n\n"
            "There are losses among our servicemen.\n\n"
            "Our units took response measures to suppress the enemy's firing points, the ministry added.")
    found = extract_incidents(article(text, dt.date(2022, 5, 3)))
    assert [i.place for i in found] == ["Kalbajar District"] and len(found[0].evidence) == 2
