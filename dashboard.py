"""The app: `.venv/bin/streamlit run dashboard.py`.

Names the pages for the navigation (ui.navigation: the map first, as "Map") and runs the one the reader
asked for.
"""
import streamlit as st

from ui.navigation import pages

st.navigation(pages()).run()
