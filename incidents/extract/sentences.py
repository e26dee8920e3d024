"""Sentences of an article, with offsets, after the page furniture is dropped.

News pages pasted or scraped into text carry navigation, ads, "See also"
links to unrelated stories, subscription and legal notices and repeated
titles in the middle of the report. Those lines would otherwise feed the
extractor places (Donetsk, Luhansk) and numbers that have nothing to do with
the story, so they are removed line by line before sentences are cut.

Sentences keep their character offsets into the original text so that every
incident can point at the words it rests on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A line needs at least this many words to be prose rather than a menu item or label.
MIN_PROSE_WORDS = 5

# Lines starting with these are navigation, promotion or legal furniture, never reporting.
BOILERPLATE_START = re.compile(
    r"^\s*(?:see also|read more|read also|related\b|advertisement|most (?:visited|read|popular)|top (?:stories|news)"
    r"|leave a (?:reply|comment)|your email address|copyright|\(c\)|©|all rights reserved|editor[’']s note"
    r"|with reporting by|updated\b|no posts to display|please wait|watch:|accessibility links|breaking news"
    r"|subscribe|sign up|share this|follow us|click here|to find out more|if you are in russia|cookie"
    r"|this article (?:was|is) (?:originally|first)|originally published|reprinted with)",
    # matched against the lower-cased line (case-sensitive patterns are faster)
)

# Phrases that mark a whole line as a notice about the outlet rather than news.
BOILERPLATE_ANYWHERE = re.compile(
    r"undesirable organization|will not be published|newsletter|terms of (?:use|service)|privacy policy"
    r"|all rights reserved|reprinted with the permission|read more$",
)

# A paragraph without sentence punctuation at its end and at least this many words is prose cut off
# mid-sentence (an excerpt's last paragraph), not a heading: its complete sentences are read.
CUT_PARAGRAPH_WORDS = 12

# A sentence end followed by nothing but dashes, bullets or stray marks to the end of the line.
TRAILING_MARKS = re.compile(r"[.!?…][\"'”’)\]]*\s+[^\w\s]+\s*$")
# Prose ends with sentence punctuation, possibly followed by a closing quote or bracket.
PROSE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")

# Line lengths typical of hard-wrapped text (columns); shorter or longer lines are not wrapped.
WRAP_MIN, WRAP_MAX = 40, 110
# Share of capitalised words above which a line is a title-case heading.
TITLE_CASE_SHARE = 0.6

# Tokens that end with a full stop without ending the sentence.
ABBREVIATIONS = frozenset(
    ["jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "adm", "brig", "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "pres", "amb", "u.s", "u.k", "u.n", "e.u", "u.s.a", "n.w", "d.c", "a.m", "p.m", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "dept", "est", "approx", "fig", "jr", "sr"]
)

# A candidate sentence boundary: terminal punctuation, optional closing quotes, then space.
BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+")
OPEN_QUOTES = "“"
CLOSE_QUOTES = "”"


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text, where it sits in Article.text, and which paragraph holds it."""

    text: str
    start: int
    end: int
    paragraph: int


def is_boilerplate(line: str) -> bool:
    """True for lines that are page furniture: menus, ads, links, notices, headings.

    Headings and link lists are recognised by having no sentence punctuation
    at the end; that is what separates them from reporting in every outlet
    seen so far, whatever the wording. A paragraph cut off mid-sentence (a
    stored excerpt, a page truncated by a paywall) is not furniture: its
    complete sentences are kept (`complete_part`).
    """
    stripped = line.strip()
    if not stripped:
        return True
    lowered = stripped.lower()
    if BOILERPLATE_START.match(lowered) or BOILERPLATE_ANYWHERE.search(lowered):
        return True
    if len(stripped.split()) < MIN_PROSE_WORDS:
        return True
    return not PROSE_END.search(stripped) and complete_part(stripped) == 0


def complete_part(line: str) -> int:
    """Length of the complete sentences at the start of a paragraph cut off mid-sentence, or 0.

    "Fighting went on near X. Officials said the shelling of Y had kill" keeps its first sentence.
    Only a paragraph of CUT_PARAGRAPH_WORDS or more counts: a short unpunctuated line is a heading
    or a link, not prose that lost its end.
    """
    if PROSE_END.search(line) or len(line.split()) < CUT_PARAGRAPH_WORDS:
        return 0
    trailing = TRAILING_MARKS.search(line)  # "… the ministry said. –": a sentence, then only marks
    if trailing:
        return trailing.start() + 1
    spans = split_line(line, 0, len(line))
    return spans[-2][1] if len(spans) > 1 else 0


def physical_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, hard-wrapped lines of one paragraph joined into one span.

    Text saved from e-mail or Markdown is often wrapped at 70–100 columns; a
    wrapped line stops mid-sentence, so it would look like a heading and be
    dropped. A line is joined to the next when it is of wrapping length, has no
    sentence punctuation at its end, is not in title case, and the break falls
    mid-phrase (the line ends on a lower-case word or comma, or the next starts in lower case).
    """
    raw: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        raw.append((pos, pos + len(line)))
        pos += len(line) + 1
    joined: list[tuple[int, int]] = []
    i = 0
    while i < len(raw):
        start, end = raw[i]
        while i + 1 < len(raw) and _wrapped(text[raw[i][0]:raw[i][1]], text[raw[i + 1][0]:raw[i + 1][1]]):
            i += 1
            end = raw[i][1]
        joined.append((start, end))
        i += 1
    return joined


def _wrapped(line: str, following: str) -> bool:
    stripped, nxt = line.strip(), following.strip()
    if not nxt or not WRAP_MIN <= len(stripped) <= WRAP_MAX or PROSE_END.search(stripped):
        return False
    words = stripped.split()
    last = words[-1]
    if last.endswith(",") or last[:1].islower():
        return True  # the break falls mid-phrase ("…warned that" / "…the")
    if sum(w[:1].isupper() for w in words) > TITLE_CASE_SHARE * len(words):
        return False  # a headline in title case, not a wrapped sentence
    return nxt[:1].islower()


def prose_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the paragraphs worth reading: prose, each kept once.

    A line repeated verbatim (titles printed twice or thrice) is kept only the
    first time, so it cannot produce duplicate incidents.
    """
    spans: list[tuple[int, int]] = []
    seen: set[str] = set()
    for start, end in physical_lines(text):
        line = text[start:end]
        key = " ".join(line.split()).lower()
        if key in seen or is_boilerplate(line):
            seen.add(key)
            continue
        seen.add(key)
        # trim edge spaces so offsets cover exactly the words, and a cut-off sentence at the end
        lead = len(line) - len(line.lstrip())
        cut = complete_part(line.strip())
        spans.append((start + lead, start + lead + cut if cut else start + len(line.rstrip())))
    return spans


def _ends_with_abbreviation(chunk: str) -> bool:
    """Whether the text before a full stop is an abbreviation or an initial (Sept., U.S., J.)."""
    word = re.split(r"[\s(\"“‘']", chunk.rstrip(".!?"))[-1].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def inside_quote(text: str) -> bool:
    """Whether a quotation opened in `text` is still open (curly or straight quotes)."""
    curly = text.count(OPEN_QUOTES) - text.count(CLOSE_QUOTES)
    return curly > 0 or (text.count('"') % 2 == 1)


def split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut text[start:end] into sentence spans; never inside a quotation or after an abbreviation.

    A quotation that opens and does not close within the paragraph runs on into the next one (news
    style for a long statement): its sentences are cut as if unquoted, or the whole paragraph would
    be one sentence.
    """
    spans: list[tuple[int, int]] = []
    begin = start
    runs_on = inside_quote(text[start:end])
    for match in BOUNDARY.finditer(text, start, end):
        cut = match.end()
        nxt = text[cut:cut + 1]
        if cut >= end or not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'("):
            continue
        piece = text[begin:match.start() + 1]
        if text[match.start()] == "." and _ends_with_abbreviation(piece) and not _closing_quote(match.group()):
            continue
        if not runs_on and inside_quote(text[begin:match.end()]):
            continue
        spans.append((begin, match.end() - _trailing_space(match.group())))
        begin = cut
    if begin < end:
        spans.append((begin, end))
    return spans


def _closing_quote(boundary: str) -> bool:
    return any(q in boundary for q in "\"”’")


def _trailing_space(boundary: str) -> int:
    return len(boundary) - len(boundary.rstrip())


def split_sentences(text: str) -> list[Sentence]:
    """The article's prose as sentences with offsets; each prose line is its own paragraph."""
    sentences: list[Sentence] = []
    for paragraph, (start, end) in enumerate(prose_lines(text)):
        for s, e in split_line(text, start, end):
            piece = text[s:e]
            if piece.strip():
                sentences.append(Sentence(piece, s, e, paragraph))
    return sentences


# Clause boundaries inside a sentence: contrast and juxtaposition join two statements.
# ", and denied…" / ", and warned…" starts a second statement by the same speaker; ", though" a contrast.
CLAUSE_BREAK = re.compile(r",\s+(?:while|whereas|but|though|although)\s+|;\s+|,\s+and\s+(?=(?:denied|rejected|warned|threatened|"
                          r"insisted|dismissed|accused|blamed)\b)"
                          # "The Thursday attacks came as troops violated the line on Wednesday": the new event
                          r"|\s+came\s+(?:as|amid)\s+")


# ", and" between two tolls, each with its own place ("a woman was killed in X, and two women were killed
# in Y"): two reports, each figure for its own place.
TOLL_AND = re.compile(r",\s+and\s+(?=[^.;]{0,80}?\b(?:killed|wounded|injured|died)\b[^,.;]*?\bin\s+(?:the\s+)?(?:village|town|city)?"
                      r"(?:\s+of)?\s*[A-Z])")
HARM_VERB = re.compile(r"\b(?:killed|wounded|injured|died)\b[^,.;]*?\bin\s+(?:the\s+)?(?:village|town|city)?(?:\s+of)?\s*[A-Z]")
# The end of one sentence of a quotation and the start of the next, inside the quotation marks.
QUOTED_SENTENCE_END = re.compile(r"(?<=[a-z0-9][.!?])\s+(?=[A-Z])")


def split_clauses(text: str) -> list[tuple[str, int]]:
    """(clause, offset in sentence) pieces of a sentence, cut at contrastive joints outside quotations
    and between the sentences of a quotation ("'We fired at nobody. Their guns pounded X,' he said."
    is a denial and a report by the same speaker)."""
    pieces: list[tuple[str, int]] = []
    begin = 0
    cuts = [m for m in CLAUSE_BREAK.finditer(text) if not inside_quote(text[:m.start()])]
    cuts += [m for m in TOLL_AND.finditer(text) if HARM_VERB.search(text[:m.start()])]
    cuts += [m for m in QUOTED_SENTENCE_END.finditer(text) if inside_quote(text[:m.start()])]
    for match in sorted(cuts, key=lambda m: m.start()):
        if match.start() < begin:
            continue
        pieces.append((text[begin:match.start()], begin))
        begin = match.end()
    pieces.append((text[begin:], begin))
    return [(t, o) for t, o in pieces if t.strip()]
