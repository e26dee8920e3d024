"""Timeline: incidents per day, stacked by the side of the main party claiming them."""
import altair as alt
import streamlit as st

from ui import data
from ui.page import copy_link, count_line, render_no_results, start_page
from webmap.style import SIDE_COLOURS

state = start_page("Timeline")
st.title("Timeline")
st.caption(count_line(state.summary))
counts = data.timeline(state.view)
if state.summary.count == 0:
    render_no_results()
elif counts.empty:
    st.info("None of the incidents these filters select is dated.")
else:
    chart = (
        alt.Chart(counts.assign(day=counts["date"].astype(str).str[:10]))
        .mark_bar()
        .encode(
            # ordinal days: the data spans years but few days, so days without incidents are left out
            x=alt.X("day:O", title="Day (days without incidents left out)", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("sum(count):Q", title="Incidents", stack="zero", axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                # the side of the incident's main claimant (its first asserting claim), not the outlet reporting it
                "side:N", title="Claimed by (main claimant's side)",
                scale=alt.Scale(domain=list(SIDE_COLOURS), range=list(SIDE_COLOURS.values())),
            ),
            tooltip=["day:O", "side:N", "count:Q"],
        )
    )
    st.altair_chart(chart, width="stretch")
copy_link(state.view)
