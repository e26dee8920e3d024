"""Spelling normalisation: the keys under which place names are indexed.

Reports spell one place many ways (Gəncə, Ganca, Ganja, Gyandzha). Two keys
absorb most of that: `fold_key` drops case and diacritics (what a keyboard
without Azerbaijani letters does), `loose_key` also merges transliteration
variants (kh/x, sh/ş, dzh/j, y/i...), which collides more often and is
therefore tried second. `fold_text` keeps one output character per input
character so that matches found in folded text map back to the original
offsets.

>>> fold_key("Gəncə")
'gence'
>>> loose_key("Gyandzha") == loose_key("Ganja")
True
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters whose Unicode decomposition does not yield the letter a reader
# would type; everything else loses its diacritics through NFD.
_SPECIAL = {
    "ə": "e", "Ə": "e", "ǝ": "e", "Ǝ": "e", "ı": "i", "İ": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "s",
    "’": "'", "‘": "'", "ʻ": "'", "ʼ": "'", "`": "'", "´": "'",
    "‐": "-", "‑": "-", "–": "-", "—": "-",
}

# Transliteration variants merged by loose_key, applied in order (longest first).
_LOOSE_RULES: tuple[tuple[str, str], ...] = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "x"), ("gh", "g"), ("sh", "s"),
    ("ch", "c"), ("ts", "c"), ("ou", "u"), ("q", "g"), ("k", "g"), ("x", "g"), ("h", ""),
    ("ya", "a"), ("y", "i"), ("e", "a"), ("o", "a"), ("w", "v"), ("z", "s"), ("'", ""),
)


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character, lower-cased and without diacritics; always exactly one character."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def fold_text(text: str) -> str:
    """Text folded character by character: same length as the input, so offsets carry over."""
    return "".join(fold_char(c) for c in text)


def fold_key(name: str) -> str:
    """The exact-match key: folded, apostrophes dropped, hyphens and runs of spaces as one space."""
    folded = fold_text(name).replace("'", "").replace("-", " ")
    return re.sub(r"\s+", " ", folded).strip(" .,;:\"")


def loose_key(name: str) -> str:
    """The variant key: fold_key with transliteration variants merged and doubled letters collapsed."""
    key = fold_key(name)
    for old, new in _LOOSE_RULES:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


def is_latin_name(name: str) -> bool:
    """True for names written in Latin letters (the alphabet English-language reports use)."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)
