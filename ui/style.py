"""The app's own styles, in one place: the phone layout and the incident list's rows.

Injected once per page (ui.page.start_page) as a <style> element: no script, nothing from an article.
"""
from __future__ import annotations

import streamlit as st

# Below this width Streamlit stacks the columns (map, then details, then the list): a phone held upright.
PHONE_MAX_WIDTH_PX = 640
# The map's height on a phone, as a share of the screen: room below it for the top of the details.
PHONE_MAP_HEIGHT = "58vh"
# Where a tapped incident's details start on a phone, as a share of the screen from the top: the foot of the
# map stays in sight above them.
REVEAL_AT = 0.3

APP_CSS = f"""<style>
/* a compact header, so a laptop screen holds the map, the details and the list below it */
.block-container {{ padding-top: 3.5rem; }}
h1 {{ font-size: 2.1rem !important; padding-top: 0 !important; }}
/* the list's rows: left-aligned one-line entries, not centred buttons */
.st-key-km_list button {{ justify-content: flex-start; text-align: left; min-height: 2rem; padding: 0.15rem 0.5rem; }}
.st-key-km_list button p {{ font-size: 0.85rem; }}
/* on a phone the map leaves room for the details right under it */
@media (max-width: {PHONE_MAX_WIDTH_PX}px) {{
  iframe[title="streamlit_folium.st_folium"] {{ height: {PHONE_MAP_HEIGHT} !important; }}
  h1 {{ font-size: 1.7rem !important; }}
  .st-key-km_detail, [data-testid="stLayoutWrapper"]:has(> .st-key-km_detail) {{
    height: auto !important; max-height: none !important; }}
}}

</style>"""


def apply_style() -> None:
    """Add the app's styles to the page."""
    st.html(APP_CSS)


def reveal_on_phone(key: str, token: int) -> None:
    """On a narrow screen, scroll the element keyed `key` (the details, stacked under the map) up to a third of
    the screen, so the tapped incident's details show with the foot of the map above them; `token` makes each
    request a new element, so it runs once per tap. Wide screens show the details beside the map: left alone."""
    st.html(f"""<script>/* reveal {token} */
if (window.innerWidth <= {PHONE_MAX_WIDTH_PX}) {{
  const panel = document.querySelector(".st-key-{key}");
  let box = panel && panel.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && /auto|scroll/.test(getComputedStyle(box).overflowY))) {{
    box = box.parentElement;
  }}
  box = box || document.scrollingElement;
  if (panel) {{ box.scrollTop += panel.getBoundingClientRect().top - window.innerHeight * {REVEAL_AT}; }}
}}
</script>""", unsafe_allow_javascript=True)
