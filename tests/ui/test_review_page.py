"""The review workflow through the pages (AppTest): a pasted article's incidents arrive machine-read; a named
editor accepts one, corrects and accepts another, rejects a third with a reason and adds a missed one from a
sentence; a public session under REVIEW_POLICY=reviewed then sees exactly those, with the editor's name in the
history; pasting the same article again changes nothing."""
from __future__ import annotations

import datetime as dt

import pytest

from incidents.editors import hash_secret
from incidents.store.db import engine_from_url
from incidents.store.ingest import store_counts
from incidents.store.query import Filters, incident_detail, query_incidents
from incidents.store.status import STATUSES
from tests.ui.conftest import run_page
from tests.ui.test_access_modes import editor_controls, sign_in

EDITOR, SECRET = "Aysel", "aysel-long-secret-1"
# Our own bulletin: four events in four sentences, and a fifth sentence for the editor to add from.
ARTICLE = """---
title: Fixture bulletin on a week of shelling
outlet: Fixture Wire
url: https://fixture.example/bulletin
published: 2020-10-15
---
The Azerbaijani Defence Ministry said Armenian artillery shelled the city of Tartar on 12 October 2020, killing two civilians.

Armenia's Defence Ministry said Azerbaijani drones struck positions near Martakert on 13 October 2020.

Officials in Stepanakert said rockets hit the city on 14 October 2020, wounding five people.

Separately, a local resident told reporters that a shell landed in a field outside Goris on 14 October 2020, causing no injuries.

Late on 15 October 2020 a fixture note of ours says the village of Sarıbaba was hit as well, according to officials in Baku.
"""
ADDED_SENTENCE = "Sarıbaba"  # what the editor's sentence choice is recognised by
MISSED_PLACE = "Saribaba"  # typed in another spelling than the article's


@pytest.fixture
def review_store(tmp_path, monkeypatch) -> str:
    """An empty store (the bundle loads on first open) with a named editor configured."""
    url = f"sqlite:///{tmp_path / 'review.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("INCIDENTS_EDITORS", f"{EDITOR}={hash_secret(SECRET)}")
    monkeypatch.delenv("INCIDENTS_EDITOR_SECRET", raising=False)
    monkeypatch.delenv("REVIEW_POLICY", raising=False)
    return url


def _paste(app):
    app.text_area(key="editor_paste").input(ARTICLE)
    next(b for b in app.button if b.label == "Ingest text").click()
    return app.run()


def _pasted_ids(url: str) -> list[str]:
    engine = engine_from_url(url)
    frame = query_incidents(engine, Filters(statuses=STATUSES))
    article_incidents = frame[frame["outlets"].str.contains("Fixture Wire")]
    engine.dispose()
    return list(article_incidents.sort_values(["date", "id"]).id)


def _review_page():
    return sign_in(run_page("pages/5_Review.py"), SECRET, name=EDITOR)


def _shown_id(app) -> str:
    return next(c.value for c in app.caption if " · id " in c.value).rsplit(" · id ", 1)[1].replace("\\", "")


def test_public_sessions_never_see_the_queue(review_store):
    app = run_page("pages/5_Review.py")
    assert not app.exception
    assert [i.value for i in app.info][0].startswith("The review queue is for editors")
    assert not [b for b in app.button if b.key == "rv_accept"]


def test_the_whole_review_workflow(review_store, monkeypatch):
    data_page = sign_in(run_page("pages/3_Data.py"), SECRET, name=EDITOR)
    assert editor_controls(data_page)
    _paste(data_page)
    assert [s.value for s in data_page.success if "new" in s.value], [e.value for e in data_page.error]
    pasted = _pasted_ids(review_store)
    assert len(pasted) >= 3, "the extractor reads at least three incidents from the bulletin"

    # readers (policy "all") see them, labelled machine-read
    table = run_page("pages/3_Data.py").dataframe[0].value
    assert set(table.loc[table["id"].isin(pasted), "review"]) == {"machine-read, not yet checked"}
    detail = run_page("dashboard.py", {"incident": pasted[0]})
    # the detail panel's badge (ui.badges) and its review line
    assert any(":violet-badge[machine-read, not yet checked]" in c.value.replace("\\", "") for c in detail.caption)
    assert any("**Review:** Machine-read, not yet checked" in m.value.replace("\\", "") for m in detail.markdown)

    app = _review_page()
    assert not app.exception
    assert _shown_id(app) == pasted[0]  # oldest article first, then by date
    app.button(key="rv_accept").click()
    app.run()
    assert not app.exception, app.exception

    assert _shown_id(app) == pasted[1]
    app.number_input(key=f"rv_killed_{pasted[1]}").set_value(7)
    app.text_input(key=f"rv_place_{pasted[1]}").input("Khankendi")
    app.run()
    assert app.button(key="rv_accept").label == "Save and accept"
    app.button(key="rv_accept").click()
    app.run()
    assert not app.exception, app.exception

    assert _shown_id(app) == pasted[2]
    app.text_input(key=f"rv_reason_{pasted[2]}").input("misread: the fixture says nothing happened there")
    next(b for b in app.button if b.label == "Reject").click()
    app.run()
    assert not app.exception, app.exception

    # the missed incident, from the bulletin's last sentence
    form = next(e for e in app.expander if e.label.startswith("Add an incident the machine missed"))
    sentences = form.multiselect[0]
    last = next(o for o in sentences.options if ADDED_SENTENCE in o)
    sentences.select(last)
    form.text_input[0].input(MISSED_PLACE)
    form.date_input[0].set_value(dt.date(2020, 10, 15))
    form.selectbox[1].select("shelling")
    form.text_input[1].input("Officials in Baku")
    form.selectbox[2].select("Azerbaijan")
    next(b for b in form.button if b.label == "Add this incident (reviewed)").click()
    app.run()
    assert not app.exception, app.exception
    assert any("Added the missed incident" in s.value for s in app.success), [e.value for e in app.error]

    engine = engine_from_url(review_store)
    every = query_incidents(engine, Filters(statuses=STATUSES)).set_index("id")
    added = [i for i in every.index if every.loc[i, "place"].startswith("Sarıbaba") and i not in pasted
             and "Fixture Wire" in every.loc[i, "outlets"]]
    assert len(added) == 1
    assert every.loc[pasted[0], "review_status"] == "reviewed"
    corrected = every.loc[pasted[1]]
    assert (corrected.review_status, corrected.killed, corrected.place) == ("reviewed", 7, "Stepanakert (Khankendi)")
    assert every.loc[pasted[2], "review_status"] == "rejected"
    before = (store_counts(engine), every.to_dict("records"))

    # a public session under REVIEW_POLICY=reviewed: exactly the accepted, corrected and added ones
    monkeypatch.setenv("REVIEW_POLICY", "reviewed")
    public = run_page("pages/3_Data.py").dataframe[0].value
    from_article = set(public["id"]) & {*pasted, *added}
    assert from_article == {pasted[0], pasted[1], added[0]}
    history = incident_detail(engine, pasted[1])["history"]
    assert {h["by"] for h in history} == {EDITOR}
    shown = run_page("dashboard.py", {"incident": pasted[1]})
    assert any(f"Checked against its sources by {EDITOR}" in m.value.replace("\\", "") for m in shown.markdown)
    assert not any("machine-read" in c.value for c in shown.caption)  # no badge once reviewed
    assert [e for e in shown.expander if e.label.startswith("Edit history")]

    # the same article pasted again changes nothing
    again = _paste(sign_in(run_page("pages/3_Data.py"), SECRET, name=EDITOR))
    assert any("unchanged" in s.value for s in again.success)
    after = query_incidents(engine, Filters(statuses=STATUSES)).set_index("id")
    assert (store_counts(engine), after.to_dict("records")) == before
    engine.dispose()


def test_next_skips_without_a_verdict(review_store):
    _paste(sign_in(run_page("pages/3_Data.py"), SECRET, name=EDITOR))
    pasted = _pasted_ids(review_store)
    app = _review_page()
    assert _shown_id(app) == pasted[0]
    app.button(key="rv_next").click()
    app.run()
    assert _shown_id(app) == pasted[1]
    engine = engine_from_url(review_store)
    assert set(query_incidents(engine, Filters(ids=tuple(pasted))).review_status) == {"machine"}
    engine.dispose()


def test_a_rejected_incident_can_be_put_back_and_an_empty_queue_says_so(review_store):
    _paste(sign_in(run_page("pages/3_Data.py"), SECRET, name=EDITOR))
    pasted = _pasted_ids(review_store)
    app = _review_page()
    app.text_input(key=f"rv_reason_{pasted[0]}").input("misread")
    next(b for b in app.button if b.label == "Reject").click()
    app.run()
    app.selectbox(key="rv_status").select("Rejected")
    app.run()
    assert _shown_id(app) == pasted[0]
    app.button(key="rv_reopen").click()
    app.run()
    assert any("Put back into the queue" in s.value for s in app.success)
    app.selectbox(key="rv_status").select("Waiting (machine-read)")
    app.run()
    for _ in range(20):  # accept everything left
        if not [b for b in app.button if b.key == "rv_accept"]:
            break
        app.button(key="rv_accept").click()
        app.run()
        assert not app.exception, app.exception
    assert [i.value for i in app.info] == ["Nothing waits for review here."]


def test_hostile_article_text_is_inert_on_the_review_page(review_store):
    """Article text, title, outlet and claimant reach the page only escaped (options of lists are plain text)."""
    from incidents.model import Article, Claim, Evidence, Incident
    from incidents.store.db import open_store
    from incidents.store.ingest import ingest_article

    text = ("<script>alert('text')</script> [click](javascript:alert(1)) :red[loud] shelling hit Tartar "
            "on 2 April 2016, <img src=x onerror=alert(1)> officials said.")
    art = Article(source="hostile.txt", text=text, title="<b>title</b> [x](javascript:alert(2))",
                  outlet="<img src=x onerror=alert(3)>", url="javascript:alert(4)")
    found = [Incident(article=art.id, date=dt.date(2016, 4, 2), date_precision="day", place="Tartar",
                      place_id="", location_precision="point", geometry={"type": "Point", "coordinates": [46.93, 40.34]},
                      event_type="shelling", claims=[Claim("**Loud** <b>Claimant</b>", "unknown", quote=text, start=0,
                                                           end=len(text))],
                      evidence=[Evidence(text, 0, len(text))])]
    ingest_article(open_store({"DATABASE_URL": review_store}), art, found)
    app = sign_in(run_page("pages/5_Review.py"), SECRET, name=EDITOR)
    assert not app.exception
    bodies = [e.value for e in (*app.markdown, *app.caption, *app.subheader)]
    assert any("alert" in b for b in bodies), "the hostile text is shown"
    for body in bodies:
        assert "<" not in body.replace("\\<", ""), body  # no tag of the article's survives unescaped
        assert "(javascript" not in body.replace("\\(", "") and ":red[" not in body, body  # no link, no colour
