"""The incident map as a pure folium package (no streamlit): used by the dashboard and the HTML snapshot."""
