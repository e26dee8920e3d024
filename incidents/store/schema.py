"""The store's tables, one SQLAlchemy Core metadata shared by SQLite and PostgreSQL.

Why these tables look the way they do:

- Every incident an article yields is kept as its own row ("report"), even
  after it is merged into another incident: merging only sets `merged_into`
  and moves claims, so a merge can be undone exactly and a re-ingest can find
  the report again by its hash id.
- Visible incidents carry denormalised columns (claimant, claimants, sides,
  outlets, n_reports, disputed, merged, lat/lon) so the one query function
  never joins at 1M rows.
- `incident_tags` repeats each visible incident's outlets, claimants and sides
  with its date span: the filter "outlet X between two dates" is then one
  index range scan instead of a LIKE over a million strings.
- `date_last` is the last day of an incident (date_end, or date) and
  `span_days` its length: an overlap test becomes
  `date >= start - max(span_days) AND date <= end AND date_last >= start`,
  which an index on `date` serves.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

outlets = Table(
    "outlets",
    metadata,
    Column("name", Text, primary_key=True),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),
    # the file name or URL the article was read from: a changed version at the same key replaces the old one
    Column("source_key", Text, nullable=False, index=True),
    Column("source", Text, nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("outlet", Text, ForeignKey("outlets.name"), nullable=True),
    Column("url", Text, nullable=False, default=""),
    Column("published", Date, nullable=True),
    Column("published_precision", String(16), nullable=False, default="unknown"),
    Column("language", String(16), nullable=False, default="en"),
    Column("ingested_at", DateTime(timezone=True), nullable=True),
    Column("text", Text, nullable=False, default=""),
    # bundled articles ship their citation and reviewed incidents but never their text
    Column("bundled", Boolean, nullable=False, default=False),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("merged_into", String(64), nullable=True),
    Column("date", Date, nullable=True),
    Column("date_end", Date, nullable=True),
    Column("date_last", Date, nullable=True),
    Column("span_days", Integer, nullable=False, default=0),
    Column("date_precision", String(16), nullable=False, default="unknown"),
    Column("place", Text, nullable=False, default=""),
    Column("place_id", Text, nullable=False, default="", index=True),
    Column("location_precision", String(16), nullable=False, default="point"),
    Column("geometry", Text, nullable=False),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("event_type", String(40), nullable=False),
    Column("killed", Integer, nullable=True),
    Column("injured", Integer, nullable=True),
    Column("civilian", Boolean, nullable=True),
    Column("summary", Text, nullable=False, default=""),
    # denormalised from the claims and articles (see module docstring)
    Column("disputed", Boolean, nullable=False, default=False),
    Column("claimant", Text, nullable=False, default=""),
    Column("side", String(40), nullable=False, default=""),
    Column("claimants", Text, nullable=False, default=""),
    Column("sides", Text, nullable=False, default=""),
    Column("outlets", Text, nullable=False, default=""),
    Column("n_reports", Integer, nullable=False, default=1),
    Column("merged", Boolean, nullable=False, default=False),
    Column("synthetic", Boolean, nullable=False, default=False),
    # "extract", "bundled", "split" or "synthetic": where the row came from
    Column("origin", String(16), nullable=False, default="extract"),
    # partial: only merged reports are looked up by merged_into; a full index tempts the planner
    # into scanning every visible incident through "merged_into IS NULL"
    Index("ix_incidents_merged_into", "merged_into", sqlite_where=sa.text("merged_into IS NOT NULL"),
          postgresql_where=sa.text("merged_into IS NOT NULL")),
    Index("ix_incidents_date", "date"),
    Index("ix_incidents_type_date", "event_type", "date"),
    Index("ix_incidents_lat_lon", "lat", "lon"),
    Index("ix_incidents_span", "span_days"),
    # Covering indexes for the map's aggregates (query.cell_counts, summarise, shape_counts): a broad filter
    # then scans these narrow index rows instead of every table row with its geometry and summary, which
    # at 100,000 incidents turns 0.2 s scans into 0.03 s ones (issue 7). About 100 bytes an incident each.
    Index("ix_incidents_cells", "lat", "lon", "location_precision", "side", "disputed", "date", "id", "merged_into"),
    Index("ix_incidents_summary", "outlets", "side", "event_type", "synthetic", "date", "date_last", "merged_into"),
    Index("ix_incidents_shapes", "location_precision", "place_id", "side", "disputed", "date", "date_last", "place",
          "event_type", "id", "merged_into"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(64), primary_key=True),
    # the incident the claim is shown under now (changes with merges and splits)
    Column("incident_id", String(64), nullable=False, index=True),
    # the report the claim was extracted with (never changes; undo moves claims back to it)
    Column("origin_id", String(64), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("position", Integer, nullable=False, default=0),
    Column("claimant", Text, nullable=False, default=""),
    Column("side", String(40), nullable=False, default="unknown"),
    Column("stance", String(16), nullable=False, default="asserts"),
    Column("quote", Text, nullable=False, default=""),
    Column("start", Integer, nullable=True),
    Column("end", Integer, nullable=True),
    Column("killed", Integer, nullable=True),
    Column("injured", Integer, nullable=True),
    Column("wrong", Boolean, nullable=False, default=False),
)

incident_tags = Table(
    "incident_tags",
    metadata,
    Column("incident_id", String(64), nullable=False),
    Column("kind", String(10), nullable=False),  # outlet | claimant | side
    Column("value", Text, nullable=False),
    Column("date", Date, nullable=True),
    Column("date_last", Date, nullable=True),
    Index("ix_tags_lookup", "kind", "value", "date", "incident_id"),
    Index("ix_tags_incident", "incident_id"),
)

merge_log = Table(
    "merge_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(64), nullable=False, index=True),  # the incident that absorbed
    Column("absorbed_id", String(64), nullable=False, index=True),  # the report that was absorbed
    Column("distance_km", Float, nullable=True),
    Column("date_gap_days", Integer, nullable=True),
    Column("types", String(100), nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("manual", Boolean, nullable=False, default=False),
    Column("by", Text, nullable=False, default=""),
    Column("at", DateTime(timezone=True), nullable=True),
    Column("undone_at", DateTime(timezone=True), nullable=True),
)

edits = Table(
    "edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(64), nullable=False, index=True),
    # field | claim_wrong | split | merge | undo_merge
    Column("kind", String(16), nullable=False),
    Column("field", String(40), nullable=False, default=""),
    Column("before", Text, nullable=True),  # JSON
    Column("after", Text, nullable=True),  # JSON
    Column("by", Text, nullable=False, default=""),
    Column("at", DateTime(timezone=True), nullable=True),
)


# Articles a newer version replaced (their text is not kept): reading such an older copy again from another
# file, say a second file with the same URL line, is then "unchanged" instead of replacing its successor.
replaced_articles = Table(
    "replaced_articles",
    metadata,
    Column("id", String(64), primary_key=True),  # the replaced text's hash (articles.id)
    Column("source_key", Text, nullable=False),
    Column("source", Text, nullable=False, default=""),
    Column("replaced_by", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=True),
)


def create_missing_indexes(engine: sa.engine.Engine) -> None:
    """Create the indexes a store made by an older version lacks (create_all adds tables, not their new indexes).

    On a million-row store this takes seconds, once.
    """
    inspector = sa.inspect(engine)
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {ix["name"] for ix in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in present:
                index.create(engine, checkfirst=True)
