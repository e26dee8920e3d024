"""The gate on the shared corpus: real articles, the shared scorer, the pinned floors."""
import argparse
import datetime as dt
import json
from pathlib import Path

from incidents.evaluate import DEFAULT_FLOORS, REPORTS_KEY, below, evaluate, metrics, read_floors, run_evaluate
from incidents.extract import extract_incidents
from incidents.read import read_article, read_articles


def test_shared_corpus_meets_the_floors(corpus_articles, gold_path, capsys):
    scorer = gold_path.parent.parent / "eval" / "score.py"
    args = argparse.Namespace(articles=str(corpus_articles), gold=str(gold_path), floors=str(DEFAULT_FLOORS),
                              scorer=str(scorer), lower_floors=False)
    code = run_evaluate(args)
    out = capsys.readouterr().out
    assert code == 0, out
    found = metrics(evaluate(corpus_articles, gold_path, scorer))
    assert found["recall"] >= 0.9 and found["precision"] >= 0.85 and found["killed_accuracy"] == 1.0
    assert not below(found, read_floors(DEFAULT_FLOORS))


def test_real_reports_meet_their_floors(reports_articles, reports_gold, scorer, capsys):
    """The 41 real reports: place, date, casualties and who says it, at or above the pinned floors."""
    args = argparse.Namespace(articles=str(reports_articles), gold=str(reports_gold), floors=str(DEFAULT_FLOORS),
                              floors_key=REPORTS_KEY, scorer=str(scorer), lower_floors=False)
    assert run_evaluate(args) == 0, capsys.readouterr().err
    assert set(read_floors(DEFAULT_FLOORS, REPORTS_KEY)) == {"recall", "precision", "f1", "killed_accuracy", "side",
                                                               "strict_recall"}


def test_nothing_for_see_also_lines_or_moscow(corpus_articles):
    for path, article in read_articles([corpus_articles]):
        for incident in extract_incidents(article):
            assert "Moscow" not in incident.place
            for evidence in incident.evidence:
                assert not evidence.text.startswith("See also"), path.name


def test_raw_articles_dates_are_honest(corpus_raw):
    results = dict(read_articles([corpus_raw]))
    assert len(results) == 5 and all(not isinstance(a, Exception) for a in results.values())
    explicit: dict[str, set[dt.date]] = {}
    for path, article in results.items():
        for incident in extract_incidents(article):
            assert incident.date_precision in ("day", "night", "range", "month", "year", "unknown")
            if article.published_precision != "day" and incident.date_precision in ("day", "night"):
                # only a date the text states in full can be a day when the publication day is unknown
                words = " ".join(e.text for e in incident.evidence)
                assert any(m in words for m in ("April", "Sept.", "Sept", "September", "Oct")), words
            if incident.date_precision == "unknown":
                assert incident.date is None
            if incident.date:
                explicit.setdefault(path.name, set()).add(incident.date)
    all_dates = set().union(*explicit.values())
    # the raw texts carry "©2020" and "Copyright (c) 2016"; their stated days must come out right
    assert dt.date(2020, 9, 27) in all_dates
    assert {dt.date(2016, 4, 2), dt.date(2016, 4, 4)} <= all_dates


def test_raw_article_without_any_year_keeps_dates_unknown(corpus_raw):
    for path in sorted(Path(corpus_raw).glob("*.txt")):
        article = read_article(path)
        if article.published is None:
            assert all(i.date is None and i.date_precision == "unknown" for i in extract_incidents(article))


def test_floors_file_is_pinned_at_or_above_the_targets():
    floors = json.loads(DEFAULT_FLOORS.read_text())["floors"]
    assert floors["recall"] >= 0.9 and floors["precision"] >= 0.85 and floors["killed_accuracy"] == 1.0


def test_hard_wrapped_copies_score_as_well(corpus_articles, gold_path, tmp_path):
    """The same articles wrapped at 72 columns (as e-mail or Markdown saves them) lose nothing."""
    import textwrap

    for path in sorted(Path(corpus_articles).glob("*.txt")):
        head, _, body = path.read_text().partition("\n---\n")
        wrapped = "\n\n".join(textwrap.fill(block, 72) for block in body.split("\n\n"))
        (tmp_path / path.name).write_text(f"{head}\n---\n{wrapped}")
    scorer = gold_path.parent.parent / "eval" / "score.py"
    found = metrics(evaluate(tmp_path, gold_path, scorer))
    floors = read_floors(DEFAULT_FLOORS)
    assert found["recall"] >= floors["recall"] and found["precision"] >= floors["precision"], found
