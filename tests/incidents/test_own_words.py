"""The content rule, for this part of the repository: no run of nine words copied from the corpus."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F\u0259']+")
RUN = 9
OURS = [*ROOT.glob("incidents/*.py"), *ROOT.glob("tests/incidents/*.py"), *ROOT.glob("tests/fixtures/articles/*"),
        *ROOT.glob("tests/fixtures/articles/unseen/*"), *ROOT.glob("tests/fixtures/articles/heldout/*"),
        *ROOT.glob("tests/fixtures/articles/heldout2/*"),
        ROOT / "docs" / "extraction.md", ROOT / "bench" / "bench_extract.py"]


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def body(text: str) -> str:
    # front matter (title, outlet) is citation data and may be repeated
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4:]
    return text


def test_no_copied_sentences(corpus_articles, corpus_raw):
    grams: set[tuple[str, ...]] = set()
    for folder in (corpus_articles, corpus_raw):
        for path in folder.glob("*.txt"):
            w = words(body(path.read_text(errors="replace")))
            grams.update(tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1))
    copied = []
    for path in OURS:
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            w = words(line)
            copied += [f"{path.name}:{number}" for i in range(len(w) - RUN + 1) if tuple(w[i:i + RUN]) in grams]
    assert not copied, f"runs of {RUN}+ words copied from the corpus: {copied}"
