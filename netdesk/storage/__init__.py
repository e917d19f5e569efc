"""Storage layer: peewee models on SQLite, migrations, search index and backups."""
