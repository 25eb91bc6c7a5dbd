"""The history of events.csv: kept earlier versions (backups), their retention, the audit log and the save journal."""
