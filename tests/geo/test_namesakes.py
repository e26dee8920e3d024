"""Names a place shares with a namesake across the border (sentences are ours).

GeoNames lists former and other-language names ("Shikhlar" for the Armenian
village Lusarat); in a report about Azerbaijan that name means a village the
gazetteer lacks, so a match through such a name needs a same-country reading
in the text, and an ambiguous one yields nothing.
"""
import pytest

from geo.geocode import find_mentions


@pytest.mark.parametrize(("text", "expected"), [
    ("Shikhlar", []),
    ("Shells hit the village of Shikhlar in the Fuzuli district.", [("Fuzuli district", "dist:fuzuli")]),
    ("Posts near Shikhlar and Horadiz came under fire.", [("Horadiz", "gn:148003")]),
    # the village's own name, and the other name where the text is about Armenia, still count
    ("Lusarat in Ararat province", [("Lusarat", "gn:174770"), ("Ararat province", "prov:ararat")]),
    ("Shikhlar, near Yeraskh in Armenia", [("Shikhlar", "gn:174770"), ("Yeraskh", "gn:391241"),
                                           ("Armenia", "area:armenia")]),
    # transliterations of a place's own name are not other names
    ("Fire was opened on Terter and Agdam.", [("Terter", "gn:584871"), ("Agdam", "gn:148619")]),
])
def test_other_names_need_a_same_country_reading(text, expected):
    assert [(m.surface, m.place.id) for m in find_mentions(text)] == expected
