"""`cli.py import --into`: converted events merged into an events file as one audited save through the store."""

from __future__ import annotations

from pathlib import Path

from influence.edit import access, importer, store


def into(target: Path, converted: Path, *, editor_name: str) -> str:
    """Merge the converted file into `target` by id (new ids added, existing ones updated); the outcome in words."""
    revision = store.read_revision(target)
    plan = importer.plan(revision, converted.read_bytes(), converted.name, mode="merge")
    if plan.refusal:
        return f"not saved: {plan.refusal}"
    if plan.changes.empty:
        return f"nothing to save: {target} already holds every converted event ({plan.unchanged:,} unchanged)"
    outcome = store.save(revision, plan.changes, editor=access.command_line(editor_name), action="import")
    dropped = "".join(f"; {note}" for note in plan.notes if "has no column" in note)
    if isinstance(outcome, store.Saved):
        return (
            f"saved {target}: {plan.changes.summary()} by {editor_name} (audit log {store.audit_path(target)}, "
            f"backup {outcome.backup or 'none'}){dropped}"
        )
    return f"not saved: {getattr(outcome, 'reason', None) or getattr(outcome, 'message', outcome)}"
