"""Who says it: claimants in every position, and the side each speaks for."""
from __future__ import annotations

import pytest

from incidents.extract.attribution import Speakers, find_attribution, home_side, local_office_side
from incidents.model import Article
from tests.incidents.common import extract_text, one_at


@pytest.mark.parametrize(("sentence", "claimant"), [
    ("Two soldiers were hurt near Sotk. This is stated in the daily bulletin of the defence ministry.",
     "the daily bulletin of the defence ministry"),
    ("Shells landed in Tegh overnight, the news site reports, citing the border guard service.",
     "the border guard service"),
    ("“We answered every shot,” the press release of the general staff reads.",
     "the press release of the general staff"),
    ("The Human Rights Defender of Armenia received information that two farmers were wounded.",
     "The Human Rights Defender of Armenia"),
    ("“Our posts came under fire,” reports the district governor.", "the district governor"),
])
def test_claimants_in_every_position(sentence: str, claimant: str) -> None:
    found = find_attribution(sentence.split(". ")[-1] if "This is" in sentence else sentence)
    assert found is not None and found.claimant == claimant


@pytest.mark.parametrize(("outlet", "url", "side"), [
    ("Some Agency", "https://news.example.az/en/123", "Azerbaijan"),
    ("", "https://www.example.am/a/5", "Armenia"),
    ("Asbarez", "", "Armenia"),
    ("Daily Paper (Reuters)", "https://example.am/x", "unknown"),  # a wire's copy speaks for no home
    ("Daily Paper", "https://example.com/x", "unknown"),
])
def test_an_outlets_home(outlet: str, url: str, side: str) -> None:
    assert home_side(outlet, url, "Quiet day.") == side


@pytest.mark.parametrize(("claimant", "side"), [
    ("the mayor of Vardenis", "Armenia"), ("the head of Tovuz district administration", "Azerbaijan"),
    ("Tartar Region Executive Power", "Azerbaijan"), ("the village head", "unknown"),
])
def test_local_officials_speak_for_the_country_governing_their_place(claimant: str, side: str) -> None:
    assert local_office_side(claimant) == side


def test_a_surname_is_the_person_the_article_introduced() -> None:
    text = ("Azerbaijani presidential aide Rauf Gasimov told reporters the shelling was deliberate.\n\n"
            "“They aimed at the market,” Gasimov said of the strike on Barda.")
    speakers = Speakers.of(Article("t.txt", text))
    assert speakers.resolve(find_attribution("“They aimed at the market,” Gasimov said.")).side == "Azerbaijan"


def test_an_office_named_with_its_country_keeps_it() -> None:
    text = ("Armenia's border guard service said its post near Kornidzor was fired on. "
            "A statement by the border guard service added that a soldier was hurt near Kornidzor.")
    claims = one_at(extract_text(text), "Kornidzor").claims
    assert {c.side for c in claims} == {"Armenia"}


def test_an_unnamed_ministry_is_the_outlets_own_country() -> None:
    text = "The Defence Ministry said drones struck positions near Sotk overnight."
    found = one_at(extract_text(text, url="https://daily.example.am/1"), "Sotk")
    assert found.main_claim is not None and found.main_claim.side == "Armenia"


def test_a_ministry_site_speaks_in_its_own_voice() -> None:
    text = "Units of the adversary opened fire at positions near Sotk at 14:00. There are no losses."
    found = extract_text(text, outlet="Ministry of Defence of Armenia", url="https://mod.example.am/news/1")
    assert [c.side for c in found[0].claims] == ["Armenia"]


def test_a_statement_named_after_what_it_reports() -> None:
    text = ("One violation of the ceasefire was recorded near Martakert; nobody was hurt. "
            "This is stated in Monday's bulletin of the Russian peacekeeping command.")
    found = one_at(extract_text(text), "Martakert")
    assert found.main_claim is not None and found.main_claim.side == "Russia"


def test_a_denial_and_a_counter_accusation_in_one_quote() -> None:
    text = "“Our units fired at nobody. Their artillery pounded Khndzoresk all night,” the Armenian spokesman said."
    found = one_at(extract_text(text), "Khndzoresk")
    assert [(c.side, c.stance) for c in found.claims] == [("Armenia", "asserts")]


@pytest.mark.parametrize(("sentence", "claimant"), [
    # leading time and a stored page's date prefix are not part of the name
    ("In the afternoon on June 3 the press service of the ministry confirmed two deaths.",
     "the press service of the ministry"),
    ("Today, the Defence Ministry of Armenia said shells hit Tegh.", "the Defence Ministry of Armenia"),
    ("date 2022-06-03 Armenia's Ministry of Defence said shells hit Tegh.", "Armenia's Ministry of Defence"),
    # the document between a source and its words
    ("According to the information released by the border service, a guard was hurt.", "the border service"),
    # trailing words of tense or manner
    ("The Defence Ministry further said its posts were hit.", "The Defence Ministry"),
    ("The ministry has not yet confirmed the losses.", "The ministry"),
])
def test_claimant_names_without_what_surrounds_them(sentence: str, claimant: str) -> None:
    found = find_attribution(sentence)
    assert found is not None and found.claimant == claimant


@pytest.mark.parametrize("sentence", [
    "There were no reports of casualties from the village.",
    "Media reports said the road was closed.",
])
def test_reports_as_a_noun_name_no_speaker(sentence: str) -> None:
    found = find_attribution(sentence)
    assert found is None or found.side == "unknown"


def test_a_surname_stands_for_the_person_as_introduced() -> None:
    text = ("The spokeswoman for Armenia's Defence Ministry, Anna Grigoryan, said posts near Sotk were shelled. "
            "“Two soldiers were wounded near Sotk,” Grigoryan said.")
    claims = one_at(extract_text(text), "Sotk").claims
    assert {c.claimant for c in claims} == {"The spokeswoman for Armenia's Defence Ministry, Anna Grigoryan"}
