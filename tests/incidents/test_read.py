import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents import read
from incidents.published import infer_published
from incidents.read import ReadError, parse_text, read_article, read_articles

FRONT = "---\ntitle: \"A title\"\noutlet: \"Fixture Wire\"\nurl: https://example.org/a\npublished: 2020-10-12\n---\n"


def test_front_matter_fields(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(FRONT + "Shells hit the town on Monday, officials said.\n")
    article = read_article(path)
    assert (article.source, article.title, article.outlet, article.url) == ("a.md", "A title", "Fixture Wire",
                                                                            "https://example.org/a")
    assert article.published == dt.date(2020, 10, 12) and article.published_precision == "day"
    assert article.text.startswith("Shells hit")


@pytest.mark.parametrize(
    ("text", "published", "precision"),
    [
        ("Shells hit the town.\n\n©2020 Fixture Wire", dt.date(2020, 1, 1), "year"),
        ("Shells hit the town.\n\nCopyright (c) 2016. Fixture Wire", dt.date(2016, 1, 1), "year"),
        ("Posted on April 7, 2016. Shells hit the town.", dt.date(2016, 1, 1), "year"),
        ("Shells hit the town on Sunday.", None, "unknown"),
    ],
)
def test_plain_text_year_inference(text, published, precision):
    assert infer_published(text)[:2] == (published, precision)
    article = parse_text(text, "plain.txt")
    assert (article.published, article.published_precision) == (published, precision)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x00\x01\x02binary", "binary"),
        (b"%PDF-1.4\n%\xe2\xe3", "unsupported type: a PDF document"),
        (b"\xef\xbb\xbf", "empty file"),
        (b"---\ntitle: [unclosed\n---\nBody text here.\n", "broken front matter"),
        (b"---\ntitle: no closing line\nBody text here.\n", "broken front matter"),
        (b"---\n- a list\n- not a mapping\n---\nBody text here.\n", "not a mapping"),
        (b"---\npublished: 12/10/2020\n---\nBody text here.\n", "bad date"),
        (b"---\ntitle: ok\n---\n\n", "no text"),
        (b"---\ntitle: !!python/object/apply:os.system [\"echo pwned\"]\n---\nBody.\n", "broken front matter"),
    ],
)
def test_bad_files_name_the_file_and_reason(tmp_path, content, reason):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_article(path)
    assert "bad.md" in str(info.value) and reason in str(info.value)


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_ARTICLE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    with pytest.raises(ReadError, match="too large"):
        read_article(path)


def test_batch_continues_past_bad_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "good.txt").write_text("Shells hit Tartar on Monday, the ministry said.\n")
    (tmp_path / "sub" / "also.md").write_text(FRONT + "Drones struck Aghdam overnight, officials said.\n")
    (tmp_path / "broken.md").write_bytes(b"\xff\xfe\x00junk")
    (tmp_path / "refused.pdf").write_bytes(b"%PDF")
    results = {p.name: r for p, r in read_articles([tmp_path])}
    assert set(results) == {"good.txt", "also.md", "broken.md", "refused.pdf"}
    assert isinstance(results["broken.md"], ReadError)
    assert isinstance(results["refused.pdf"], ReadError) and "unsupported type" in results["refused.pdf"].reason
    assert results["also.md"].title == "A title"


def test_saved_html_page(tmp_path):
    page = """<html><head><title>Border clash near Tovuz</title>
    <meta property="og:site_name" content="Fixture Times">
    <meta property="article:published_time" content="2020-07-13T10:00:00Z"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Border clash near Tovuz</h1>
    <p>Artillery fire hit positions near Tovuz on Sunday, the Azerbaijani Defense Ministry said in a statement
    released to reporters in the capital late in the evening.</p>
    <p>The Armenian Defense Ministry said its posts on the border had come under fire first and that its units
    had only answered the shooting, a claim Baku rejected.</p></article>
    <footer>Subscribe now</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page)
    article = read_article(path)
    assert "Tovuz" in article.text and "Subscribe" not in article.text
    assert article.title == "Border clash near Tovuz"
    assert article.outlet == "Fixture Times"
    assert article.published == dt.date(2020, 7, 13)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_fuzz_bytes_only_raise_read_error(tmp_path, data):
    path = tmp_path / "fuzz.md"
    path.write_bytes(data)
    try:
        article = read_article(path)
    except ReadError as exc:
        assert "fuzz.md" in str(exc)
    else:
        assert article.text.strip()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.text(max_size=200))
def test_fuzz_front_matter_only_raises_read_error(head, body):
    try:
        article = parse_text(f"---\n{head}\n---\n{body}", "fuzz.md")
    except ReadError as exc:
        assert str(exc).startswith("fuzz.md: ")
    else:
        assert article.source == "fuzz.md"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_fuzz_html_only_raises_read_error(tmp_path, data):
    path = tmp_path / "fuzz.html"
    path.write_bytes(data)
    try:
        read_article(path)
    except ReadError as exc:
        assert "fuzz.html" in str(exc)


KNOWN = read.Metadata(title="Given title", outlet="Given Wire", url="https://example.org/given",
                      published=dt.date(2020, 10, 4))
PLAIN = "First line of the text\n\nShells hit the town on Sunday, officials said.\n©2019 Somebody\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain text: given values beat guesses (first line as title, a year from a copyright line)
        (PLAIN, ("Given title", "Given Wire", "https://example.org/given", dt.date(2020, 10, 4), "day")),
        # front matter states title and date: those stay; the rest is filled
        ("---\ntitle: Stated\npublished: 2016-04-02\n---\nBody text.\n",
         ("Stated", "Given Wire", "https://example.org/given", dt.date(2016, 4, 2), "day")),
        # front matter states everything: nothing given is used
        ("---\ntitle: T\noutlet: O\nurl: https://example.org/o\npublished: 2016-04-02\n---\nBody text.\n",
         ("T", "O", "https://example.org/o", dt.date(2016, 4, 2), "day")),
    ],
)
def test_known_metadata_fills_only_what_the_article_does_not_state(text, expected):
    article = parse_text(text, "a.md", KNOWN)
    assert (article.title, article.outlet, article.url, article.published, article.published_precision) == expected


def test_without_known_metadata_a_plain_text_stays_undated_or_year_only():
    article = parse_text(PLAIN, "a.txt")
    assert (article.title, article.published, article.published_precision) == (
        "First line of the text", dt.date(2019, 1, 1), "year")
    undated = parse_text("Shells hit the town on Sunday.\n", "b.txt")
    assert (undated.published, undated.published_precision) == (None, "unknown")


def test_sidecar_fills_between_the_file_and_the_command_line(tmp_path):
    (tmp_path / "report.txt").write_text(PLAIN)
    (tmp_path / "report.yaml").write_text("outlet: Sidecar Wire\npublished: 2021-05-14\n")
    article = read_article(tmp_path / "report.txt", KNOWN)
    assert (article.outlet, article.published, article.title) == ("Sidecar Wire", dt.date(2021, 5, 14), "Given title")
    (tmp_path / "stated.md").write_text("---\noutlet: Own Wire\n---\nBody text.\n")
    (tmp_path / "stated.yaml").write_text("outlet: Sidecar Wire\n")
    assert read_article(tmp_path / "stated.md").outlet == "Own Wire", "the file's own front matter wins"


def test_a_sidecar_is_read_with_its_article_not_as_one(tmp_path):
    (tmp_path / "report.txt").write_text(PLAIN)
    (tmp_path / "report.yaml").write_text("published: 2021-05-14\n")
    (tmp_path / "orphan.yaml").write_text("published: 2021-05-14\n")
    results = {p.name: r for p, r in read_articles([tmp_path])}
    assert set(results) == {"report.txt", "orphan.yaml"}
    assert results["report.txt"].published == dt.date(2021, 5, 14)
    assert "a sidecar with no article beside it" in results["orphan.yaml"].reason


def test_hidden_entries_are_left_out_and_an_empty_folder_is_an_error(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00")
    [(source, problem)] = list(read_articles([tmp_path]))
    assert source == tmp_path and problem.reason == "no files in this folder"


def test_read_bytes_reads_an_upload_like_a_file():
    article = read.read_bytes("Тертер обстрелян, сообщило министерство в воскресенье.".encode("cp1251"), "u.txt",
                              KNOWN)
    assert article.text.startswith("Тертер") and article.published == dt.date(2020, 10, 4)
    with pytest.raises(ReadError, match="u.txt: unsupported type: a PDF document"):
        read.read_bytes(b"%PDF-1.4", "u.txt")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(min_size=1, max_size=60), st.sampled_from(["evil\nerror: forged.txt", "\x1b[2J", "a\u2028b",
                                                                    "\x85", "\ud800".encode("utf-8", "surrogatepass")
                                                                    .decode("utf-8", "surrogateescape")])),
       st.text(max_size=60))
def test_an_error_line_is_one_printable_line_whatever_the_name(name, reason):
    from incidents.batch import error_line

    line = error_line(name, reason)
    assert line.startswith("error: ") and line.isprintable() and len(line.splitlines()) == 1


def test_a_file_name_that_is_not_utf8_is_read_and_named_as_text(tmp_path):
    folder = bytes(tmp_path) + b"/bad\xff name.txt"
    with open(folder, "w", encoding="utf-8") as handle:
        handle.write("Shells hit the town on Monday, officials said.\n")
    [(source, article)] = list(read_articles([tmp_path]))
    assert article.source == "bad\ufffd name.txt"
    article.source.encode("utf-8")  # storable
