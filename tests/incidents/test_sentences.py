import pytest

from incidents.extract.sentences import is_boilerplate, prose_lines, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army said it shelled Tartar on Sept. 27. Nobody was hurt.",
         ["The army said it shelled Tartar on Sept. 27.", "Nobody was hurt."]),
        ("U.S. envoys and Gen. Ivanov arrived at 9 a.m. Monday to inspect the posts.",
         ["U.S. envoys and Gen. Ivanov arrived at 9 a.m. Monday to inspect the posts."]),
        ('"We held the line. We will hold it again," the commander said. Then he left.',
         ['"We held the line. We will hold it again," the commander said.', "Then he left."]),
        ("“Shells fell all night. Nobody slept,” a resident told us. The town was quiet by noon.",
         ["“Shells fell all night. Nobody slept,” a resident told us.", "The town was quiet by noon."]),
        ("Troops moved in. “Stay inside.” Residents obeyed the order.",
         ["Troops moved in.", "“Stay inside.”", "Residents obeyed the order."]),
    ],
)
def test_split_survives_abbreviations_and_quotes(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


@pytest.mark.parametrize(
    ("line", "noise"),
    [
        ("See also  Shelling reported in Donetsk and Luhansk as front shifts", True),
        ("ADVERTISEMENT", True),
        ("Most Visited in Other Media", True),
        ("Subscribe to our newsletter for the latest headlines.", True),
        ("Your email address will not be published. Required fields are marked", True),
        ("Copyright (c) 2022 Fixture Wire. All rights reserved.", True),
        ("A headline without any sentence punctuation at its end", True),
        ("Watch", True),
        ("An Azerbaijani soldier was killed near Kalbajar this morning, the ministry said.", False),
        ("“We will respond,” the spokesman said.", False),
    ],
)
def test_boilerplate_lines(line, noise):
    assert is_boilerplate(line) is noise


def test_repeated_title_is_kept_once_and_offsets_point_into_the_text():
    text = "Shells hit the village of Talish overnight.\n\nShells hit the village of Talish overnight.\nMore later."
    spans = prose_lines(text)
    assert len(spans) == 1
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text


def test_hard_wrapped_paragraphs_are_joined():
    text = ("Artillery fire hit the outskirts of Tartar early on Monday, and the\n"
            "district governor said two houses were damaged near the main road.\n"
            "\n"
            "Fighting Resumes Along The Front Line Near Tartar\n"
            "Residents said the night was quiet.\n")
    sentences = [s.text for s in split_sentences(text)]
    assert sentences[0].startswith("Artillery fire") and sentences[0].endswith("main road.")
    assert "\n" in sentences[0]
    assert sentences[1:] == ["Residents said the night was quiet."], "a title-case heading is not joined"
