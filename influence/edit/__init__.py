"""Editing events.csv safely: store, file revisions, changes, atomic writes, backups, audit, import, access."""
