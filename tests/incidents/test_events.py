import pytest

from incidents.extract.events import (
    EVENT_PRIORITY,
    classify,
    is_diplomacy,
    is_habitual,
    is_history,
    is_hypothetical,
    stronger,
)
from incidents.model import EVENT_TYPES


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("A drone hit a truck on the road.", "drone strike"),
        ("Smerch rockets landed in the town.", "missile strike"),
        ("Artillery shelled the outskirts.", "shelling"),
        ("Heavy clashes broke out near the post.", "armed clash"),
        ("The separatists violated the ceasefire 85 times.", "ceasefire violation"),
        ("A drone attack killed two, a flagrant violation of the ceasefire.", "drone strike"),
        ("The enemy used tanks, artillery and aviation to break through.", "armed clash"),
        ("The minister warned his forces would shell the city.", "threat"),
        ("The ministry said it was firing on their positions.", "armed clash"),
        ("A shell struck a residential building.", "shelling"),
        ("Gunmen targeted civilians at a market.", "attack on civilians"),
        ("The army said its troops had liberated the village of Talish.", "armed clash"),
    ],
)
def test_event_types(text, event_type):
    cue = classify(text)
    assert cue is not None and cue.event_type == event_type


def test_casualty_only_and_nothing():
    assert classify("Two men died on Tuesday.", has_casualties=True).event_type == "casualty report"
    assert classify("The minister spoke to reporters.") is None


@pytest.mark.parametrize(
    ("check", "text", "expected"),
    [
        (is_diplomacy, "Mediators urged both sides to stop the fighting.", True),
        (is_diplomacy, "Ministers held talks in Geneva.", True),
        (is_diplomacy, "Shells hit the town.", False),
        (is_habitual, "Azerbaijan frequently threatens to retake the region.", True),
        (is_habitual, "Shells hit the town on Monday.", False),
        (is_hypothetical, "If the army attacks the town, others will follow.", True),
        (is_hypothetical, "Fighting could resume at any moment.", True),
        (is_hypothetical, "We will never allow shelling of our towns.", True),
        (is_hypothetical, "Shelling resumed at dawn.", False),
        (is_history, "the war in the early 1990s that left some 30,000 dead", True),
        (is_history, "the collapse of the Soviet Union", True),
        (is_history, "fighting erupted on April 2", False),
    ],
)
def test_non_event_markers(check, text, expected):
    assert check(text) is expected


def test_priority_covers_the_taxonomy():
    assert set(EVENT_PRIORITY) == set(EVENT_TYPES)
    assert stronger("armed clash", "drone strike") == "drone strike"
