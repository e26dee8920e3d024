"""Pipeline from news articles to incidents: read, extract, store, export.

Pure Python: nothing in this package imports streamlit, so it runs the same
from the command line, in tests and under the dashboard.
"""
