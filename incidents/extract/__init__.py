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

`incidents.budget` bounds the time one article may take (the batch goes on past it).
"""
from incidents.budget import DEFAULT_BUDGET_S, ExtractionTimeout, budget_from_env
from incidents.extract.assembly import extract_incidents

__all__ = ["DEFAULT_BUDGET_S", "ExtractionTimeout", "budget_from_env", "extract_incidents"]
