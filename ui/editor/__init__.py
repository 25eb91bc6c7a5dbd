"""The Edit page (streamlit): login, the editable table, locating a row, import, backups and the audit log."""
