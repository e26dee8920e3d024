""""Download this view as HTML" gives what is on screen: the filters named in words, the map's position, the
layers shown, and the selected incident opening with the file."""
from __future__ import annotations

import re

from incidents.store.db import engine_from_url
from incidents.store.query import claims_for, query_incidents
from ui.data import filters_for
from ui.downloads import snapshot_maker
from ui.params import View


def test_the_snapshot_carries_the_current_view(store_url):
    engine = engine_from_url(store_url)
    view = View(q="Lachin", lat=39.71, lon=46.52, zoom=10, layers=("countries", "line-of-contact-1994-2020"))
    filters = filters_for(view)
    frame = query_incidents(engine, filters)
    assert list(frame["place"]) == ["Lachin district"]
    view = View(**{**view.__dict__, "incident": frame["id"].iloc[0]})
    page = snapshot_maker(frame, claims_for(engine, list(frame["id"])), filters, view.layers, view)().decode()
    header = re.search(r'<div class="km-snap-head".*?</div>', page, re.S).group(0)
    assert "place: Lachin (Berdzor), Lachin District" in header and "dist:lachin" not in header
    assert re.search(r"center:\s*\[39\.71,\s*46\.52\]", page) and re.search(r"\"zoom\": 10\b", page)
    assert '"layers":["countries","line-of-contact-1994-2020"]' in page
    assert f'show("{view.incident}", null)' in page, "the selected incident's claims open with the file"
