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
    # "extract", "bundled", "split", "added" or "synthetic": where the row came from
    Column("origin", String(16), nullable=False, default="extract"),
    # Review (incidents/store/review.py). On a visible row: the incident's status (machine | reviewed |
    # rejected), who reviewed it last, when, and a rejection's reason, derived by rollup.refresh from the
    # `reviews` log of its reports. Server defaults, so older stores gain the columns in place (upgrade()).
    Column("review_status", String(10), nullable=False, default="machine", server_default="machine"),
    Column("reviewed_by", Text, nullable=False, default="", server_default=""),
    Column("reviewed_at", DateTime(timezone=True), nullable=True),
    Column("review_reason", Text, nullable=False, default="", server_default=""),
    # the report's evidence sentences as JSON [[start, end], ...] into its article's text, and a hash of
    # their words: a review stands through re-ingest while the words it was made on are unchanged
    Column("evidence", Text, nullable=False, default="[]", server_default="[]"),
    Column("evidence_hash", String(16), nullable=False, default="", server_default=""),
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
    # Every reader's query also filters on review_status, so each covering index holds it too.
    Index("ix_incidents_cells", "lat", "lon", "location_precision", "side", "disputed", "date", "id", "merged_into",
          "review_status"),
    Index("ix_incidents_summary", "outlets", "side", "event_type", "synthetic", "date", "date_last", "merged_into",
          "review_status"),
    Index("ix_incidents_shapes", "location_precision", "place_id", "side", "disputed", "date", "date_last", "place",
          "event_type", "id", "merged_into", "review_status"),

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
    # field | claim_wrong | split | merge | undo_merge; from review: claim (a claimant or side corrected),
    # add_claim, add (an incident added from its article's sentences)
    Column("kind", String(16), nullable=False),
    Column("field", String(40), nullable=False, default=""),
    Column("before", Text, nullable=True),  # JSON
    Column("after", Text, nullable=True),  # JSON
    Column("by", Text, nullable=False, default=""),
    Column("at", DateTime(timezone=True), nullable=True),
)


reviews = Table(
    "reviews",
    metadata,
    # The review log: one row per report an action touched, never deleted (a report re-created by a
    # changed article finds its review here again). A report's status is its latest row's.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(64), nullable=False, index=True),  # the report
    Column("status", String(10), nullable=False),  # machine | reviewed | rejected
    # accept | reject | reopen | add | merge | bundle | changed (the article's evidence changed)
    Column("action", String(16), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("evidence_hash", String(16), nullable=False, default=""),  # the words the reviewer saw
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


def upgrade(engine: sa.engine.Engine) -> None:
    """Bring a store made by an older version up to this schema, in place (create_all adds only tables).

    Adds missing columns (each has a server default, so ALTER TABLE fills existing rows), rebuilds
    indexes whose columns changed, creates missing ones, and marks the bundled incidents of a store
    that predates review as reviewed. On a million-row store this takes seconds to a minute, once.
    """
    added = _add_missing_columns(engine)
    create_missing_indexes(engine)
    if "review_status" in added.get(incidents.name, ()):
        from incidents.store.status import mark_bundled_reviewed

        with engine.begin() as conn:
            mark_bundled_reviewed(conn)


def _columns(engine: sa.engine.Engine, table: Table) -> set[str]:
    """The columns a stored table has (read from an empty result: cheaper than reflection, and blind to
    PostGIS's geometry type, which reflection warns about)."""
    with engine.connect() as conn:
        return set(conn.execute(sa.text(f"SELECT * FROM {table.name} LIMIT 0")).keys())


def _add_missing_columns(engine: sa.engine.Engine) -> dict[str, list[str]]:
    """ALTER TABLE ... ADD COLUMN for every column of the metadata a stored table lacks; what was added.

    Called after create_all, so every table exists."""
    added: dict[str, list[str]] = {}
    for table in metadata.sorted_tables:
        present = _columns(engine, table)
        for column in table.columns:
            if column.name in present:
                continue
            kind = column.type.compile(engine.dialect)
            # the defaults are our own constants (no quote inside), written as SQL string literals
            default = f" DEFAULT '{column.server_default.arg}'" if column.server_default is not None else ""
            null = " NOT NULL" if not column.nullable and default else ""
            try:
                with engine.begin() as conn:
                    conn.execute(sa.text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{default}{null}'))
            except sa.exc.DBAPIError:
                # another process opening the same old store may have added it a moment ago
                if column.name not in _columns(engine, table):
                    raise
                continue
            added.setdefault(table.name, []).append(column.name)
    return added


def create_missing_indexes(engine: sa.engine.Engine) -> None:
    """Create the indexes a store made by an older version lacks, and rebuild those whose columns changed."""
    inspector = sa.inspect(engine)
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {ix["name"]: ix.get("column_names") for ix in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name in present and present[index.name] != [c.name for c in index.columns]:
                index.drop(engine)
                del present[index.name]
            if index.name not in present:
                index.create(engine, checkfirst=True)
