"""Sentences and clauses: what is read as prose, and where statements are cut apart."""
from __future__ import annotations

import pytest

from incidents.extract.sentences import complete_part, split_sentences


@pytest.mark.parametrize(("paragraph", "kept"), [
    # an excerpt's last paragraph stops mid-word: its whole sentences are still prose
    ("Drones struck a depot outside Kapan before dawn, the ministry said. Two guards were hurt and a third "
     "was taken to hosp", "Drones struck a depot outside Kapan before dawn, the ministry said."),
    ("Residents of Tegh spent the night in cellars. The shelling stopped at six. By noon the governor had ",
     "Residents of Tegh spent the night in cellars. The shelling stopped at six."),
    # a heading or a link line has no sentence to keep
    ("Border tensions: what we know so far about the week of clashes in Syunik and Gegharkunik provinces", ""),
    ("Read the full coverage", ""),
])
def test_a_cut_paragraph_keeps_its_complete_sentences(paragraph: str, kept: str) -> None:
    assert paragraph[:complete_part(paragraph)] == kept
    assert " ".join(s.text for s in split_sentences(paragraph)) == kept
