"""Extraction: one article in, the incidents it reports out (docs/extraction.md).

One module per question, in the order the pipeline asks them:

- `sentences`: prose lines without page furniture, sentences and clauses;
- `events`: what kind of event a clause reports, or none (appeals, habits, negation);
- `casualties`: how many were killed or injured, and whether that is one event's toll;
- `dates`: when, resolved against the publication day with an honest precision;
- `places`: where, among the places a clause names; region-level defaults;
- `attribution`: who says so, and which side that party speaks for;
- `denials`: which clauses deny, and what they dispute;
- `reading`: clauses read in order, with what earlier sentences tell (antecedents, lead dates);
- `draft` and `assembly`: readings merged into incidents, one per event.
"""
from incidents.extract.assembly import extract_incidents

__all__ = ["extract_incidents"]
