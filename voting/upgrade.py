"""Bring an existing database up to the models: create missing tables and add missing
columns (a field added to a model must be nullable or have a default). Runs at start-up,
so a database made by an older version keeps working after an upgrade."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from peewee import Database, Model
from playhouse.migrate import SchemaMigrator, migrate  # type: ignore[import-untyped]


def upgrade(db: Database, models: Sequence[type[Model]]) -> list[str]:
    """Create what is missing; the names of the columns added (``table.column``)."""
    db.create_tables(list(models), safe=True)
    migrator = SchemaMigrator.from_database(db)
    added, operations = [], []
    for model in models:
        meta: Any = model._meta
        present = {column.name for column in db.get_columns(meta.table_name)}
        for field in meta.sorted_fields:
            if field.column_name not in present:
                operations.append(migrator.add_column(meta.table_name, field.column_name, field))
                added.append(f"{meta.table_name}.{field.column_name}")
    if operations:
        with db.atomic():
            migrate(*operations)
    return added
