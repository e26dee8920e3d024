"""About: how the map is made, what its symbols mean, where the layers come from, and what a claim is."""
import streamlit as st

from ui.detail import DATE_PRECISION_TEXT, LOCATION_PRECISION_TEXT
from ui.layers import provenance
from ui.page import start_page

start_page("About")
st.title("About this map")
st.markdown(
    """
**What it shows.** Each incident is one event reported in the news: where and when it
happened, what happened, and who says so. Reports are read, the places, dates, casualty
figures and the parties making each claim are extracted, and reports of the same event
(same or nearby place, same or next day, compatible type) are merged into one incident
whose detail panel lists every claim and the reason for the merge.

**Claims, not facts.** Almost everything here is a statement by a party to the conflict,
relayed by an outlet. An incident is *disputed* when any party denies it. Casualty
figures are shown as each party claimed them; the incident's figure is the one its
report gives, not a verified toll. Outlets differ in access and alignment: read the claimant and the
outlet before the number.

**Episodes covered.** April 2016, September–November 2020, August and September 2022,
September 2023 — as far as the ingested reports reach.
"""
)
st.subheader("Precision legend")
st.markdown(
    "Where the place is known only as a district, region or a front line, the incident is drawn as that "
    "area or line, never as a pin that would look like a strike on a town."
)
st.table({"location precision": list(LOCATION_PRECISION_TEXT), "meaning": list(LOCATION_PRECISION_TEXT.values())})
st.table({"date precision": list(DATE_PRECISION_TEXT), "meaning": list(DATE_PRECISION_TEXT.values())})
st.subheader("Reference layers")
st.dataframe(provenance(), hide_index=True, width="stretch")
st.caption(
    "Borders and the line of contact are drawn from the sources named above for the period given; "
    "layers marked as drawn by hand are approximate. Contested places are named with the other name beside them."
)
