"""Review (editors only): machine-read incidents one at a time beside their article, accepted, corrected,
rejected with a reason, merged or split; incidents the machine missed added from the article's sentences."""
import time

import streamlit as st

from ui.access import current_editor, render_sign_in
from ui.review import render_review_page

st.set_page_config(page_title="Review · Karabakh incident map", layout="wide")
render_sign_in(time.monotonic())
st.title("Review queue")
editor = current_editor()
if editor is None:
    st.info("The review queue is for editors. Sign in with your name and secret in the sidebar.")
else:
    render_review_page(editor)
