"""The app's own styles, in one place: the phone layout and the incident list's rows.

Injected once per page (ui.page.start_page) as a <style> element: no script, nothing from an article.
"""
from __future__ import annotations

import streamlit as st

# Below this width Streamlit stacks the columns (map, then details, then the list): a phone held upright.
PHONE_MAX_WIDTH_PX = 640
# The map's height on a phone, as a share of the screen: room below it for the top of the details.
PHONE_MAP_HEIGHT = "58vh"

APP_CSS = f"""<style>
/* the list's rows: left-aligned one-line entries, not centred buttons */
.st-key-km_list button {{ justify-content: flex-start; text-align: left; min-height: 2rem; padding: 0.15rem 0.5rem; }}
.st-key-km_list button p {{ font-size: 0.85rem; }}
/* on a phone the map leaves room for the details right under it */
@media (max-width: {PHONE_MAX_WIDTH_PX}px) {{
  iframe[title="streamlit_folium.st_folium"] {{ height: {PHONE_MAP_HEIGHT} !important; }}
  h1 {{ font-size: 1.7rem !important; }}
}}
</style>"""


def apply_style() -> None:
    """Add the app's styles to the page."""
    st.html(APP_CSS)


def reveal_on_phone(key: str, token: int) -> None:
    """On a narrow screen, scroll the element keyed `key` into view (the details under the map, after a tap on
    it); `token` makes each request a new element, so it runs once per tap. Wide screens show the details
    beside the map and are left alone."""
    st.html(f"""<script>/* reveal {token} */
if (window.innerWidth <= {PHONE_MAX_WIDTH_PX}) {{
  const panel = document.querySelector(".st-key-{key}");
  if (panel) {{ panel.scrollIntoView({{block: "start"}}); }}
}}
</script>""", unsafe_allow_javascript=True)
