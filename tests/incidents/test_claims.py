import pytest

from incidents.extract.attribution import find_attribution, side_of
from incidents.extract.denials import is_denial


@pytest.mark.parametrize(
    ("sentence", "claimant", "side"),
    [
        ("Azerbaijan's Defense Ministry said Armenian units shelled Tartar.", "Azerbaijan's Defense Ministry",
         "Azerbaijan"),
        ("Shelling hit Martakert, according to Karabakh's human rights ombudsman.",
         "Karabakh's human rights ombudsman", "Nagorno-Karabakh"),
        ("The Armenian Defense Ministry later announced that a drone hit a truck.", "The Armenian Defense Ministry",
         "Armenia"),
        ("The Karabakh defense army wrote on Facebook that a soldier was hurt.", "The Karabakh defense army",
         "Nagorno-Karabakh"),
        ("“Our posts came under fire,” said Armenia's Foreign Ministry spokeswoman.",
         "Armenia's Foreign Ministry spokeswoman", "Armenia"),
        ("Russia's Defense Ministry said in a statement that the truce was broken.", "Russia's Defense Ministry",
         "Russia"),
        ("Baku claimed that mortars were used overnight.", "Baku", "Azerbaijan"),
        ("Enemy fire hit a school, the Interfax news service reported.", None, None),
        ("Tatevik Sargsyan, a spokeswoman for the self-proclaimed republic, said two men died.",
         "Tatevik Sargsyan, a spokeswoman for the self-proclaimed republic", "Nagorno-Karabakh"),
        ("A spokesman for the Armenian-backed separatist forces, Aram Petrosyan, said the road was closed.",
         "A spokesman for the Armenian-backed separatist forces, Aram Petrosyan", "Nagorno-Karabakh"),
        ("The mission was reported by residents.", None, None),  # passive: no speaker
        ("In Baku, the president's aide said the city was shelled.", "the president's aide", "Azerbaijan"),
        ("The U.S. State Department said it was alarmed.", "The U.S. State Department", "third party"),
        ("The Russian peacekeeping contingent recorded one ceasefire violation near Martakert.",
         "The Russian peacekeeping contingent", "Russia"),
    ],
)
def test_attribution_patterns(sentence, claimant, side):
    found = find_attribution(sentence)
    if claimant is None:
        assert found is None
    else:
        assert found is not None and (found.claimant, found.side) == (claimant, side)


@pytest.mark.parametrize(
    ("name", "side"),
    [("enclave officials", "Nagorno-Karabakh"), ("Armenia and Nagorno-Karabakh officials", "Nagorno-Karabakh"),
     ("Kremlin spokesman Dmitry Peskov", "Russia"), ("Turkish President", "third party"),
     ("the Prosecutor-General's office in Baku", "Azerbaijan"), ("local officials", "unknown")],
)
def test_sides(name, side):
    assert side_of(name) == side


@pytest.mark.parametrize(
    ("text", "denial"),
    [
        ("Yerevan denied firing toward the city.", True),
        ("The ministry said the reports have nothing to do with reality.", True),
        ("A spokesman called it an absolute lie.", True),
        ("Baku rejected the accusation as disinformation.", True),
        ("The ministry confirmed the attack.", False),
        ("Troops repelled an attack near the village.", False),
    ],
)
def test_denials(text, denial):
    assert is_denial(text) is denial
