"""Timeline: incidents per day, stacked by the side of the party that reports them."""
import altair as alt
import streamlit as st

from ui import data
from ui.page import copy_link, count_line, start_page
from webmap.style import SIDE_COLOURS

state = start_page("Timeline")
st.title("Timeline")
st.caption(count_line(state.summary))
counts = data.timeline(state.view)
if counts.empty:
    st.info("No dated incidents match these filters.")
else:
    chart = (
        alt.Chart(counts.assign(day=counts["date"].astype(str).str[:10]))
        .mark_bar()
        .encode(
            # ordinal days: the data spans years but few days, so days without incidents are left out
            x=alt.X("day:O", title="Day (days without incidents left out)", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("sum(count):Q", title="Incidents", stack="zero", axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "side:N", title="Reported by",
                scale=alt.Scale(domain=list(SIDE_COLOURS), range=list(SIDE_COLOURS.values())),
            ),
            tooltip=["day:O", "side:N", "count:Q"],
        )
    )
    st.altair_chart(chart, width="stretch")
copy_link(state.view)
