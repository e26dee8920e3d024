"""Sources: who reports and who claims, and each article with the words its incidents rest on."""
import streamlit as st

from ui import data
from ui.escape import md, md_link, safe_url
from ui.evidence import highlighted_paragraphs
from ui.page import copy_link, count_line, render_no_results, start_page
from ui.tallies import tally

state = start_page("Sources")
st.title("Sources")
st.caption(count_line(state.frame))
if state.frame.empty:
    render_no_results()
outlets, claimants = st.columns(2)
with outlets:
    st.subheader("Outlets")
    st.dataframe(tally(state.frame, "outlets", "outlet"), hide_index=True, width="stretch")
with claimants:
    st.subheader("Claimants")
    st.dataframe(tally(state.frame, "claimants", "claimant"), hide_index=True, width="stretch")

copy_link(state.view)
st.subheader("Articles")
claims = data.claims(tuple(state.frame["id"]))
spans = claims.dropna(subset=["start", "end"]).groupby("article_id")[["start", "end"]]
article_ids = tuple(claims["article_id"].dropna().unique())
for article in data.articles_for(article_ids).to_dict("records"):
    label = f"{md(article['title'] or article['source'])} · {md(article['outlet'] or 'unknown outlet')}"
    with st.expander(label):
        original = md_link(f"Read the original at {article['outlet'] or 'the outlet'}", article["url"])
        if not safe_url(article["url"]):
            original = "*no link to the original recorded: cite it by outlet, title and date*"
        st.markdown(f"{md(str(article['published'] or 'undated')[:10])} · {original}")
        if not article["text"]:
            st.caption("Bundled record: the article's text is not distributed, only its citation and reviewed incidents.")
            continue
        marks = spans.get_group(article["id"]).itertuples(index=False) if article["id"] in spans.groups else []
        for paragraph in highlighted_paragraphs(article["text"], [(int(s), int(e)) for s, e in marks]):
            st.markdown(paragraph)
