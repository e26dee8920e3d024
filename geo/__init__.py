"""Pure geography of the region: gazetteer, geocoder, reference layers, GeoJSON.

No streamlit, no database: inputs are names and geometries, outputs are places.

- names.py      spelling keys (case, diacritics, transliteration variants)
- supplement.py the curated supplement CSV: reading and checking it
- gazetteer.py  Place, Gazetteer, load_gazetteer()
- geocode.py    geocode(name) and find_mentions(text)
- layers.py     list_layers(), load_layer(), layer_geojson() over data/layers
- geojson.py    the one place (lat, lon) becomes [lon, lat]
- build.py      regenerates the committed derived files (python -m geo build-...)
- cli.py        python -m geo lookup NAME [--json]
"""
