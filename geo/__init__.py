"""Pure geography of the region: gazetteer, geocoder, reference layers, GeoJSON.

No streamlit, no database: inputs are names and geometries, outputs are places.
"""
