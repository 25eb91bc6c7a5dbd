"""Checking the Edit page's rows fast at 100,000 rows: the revision is validated once, edits row by row.

The loaded file's problems are computed once per version (by content hash), or taken from the map's load of
the same bytes (influence.load.checked). A file over SYNC_ROWS rows is checked in a background thread that
starts once the page has been drawn, so the first open answers at once; until it is done only the header
and the edited rows are checked, which is all a save needs (errors in untouched rows never block one). On
every interaction only the rows that differ from the revision (new row objects: edited or added) are
validated again, and duplicate ids are counted over all rows; untouched rows keep their problems,
renumbered when rows were deleted or added before them. Problems carry the table's row number (1-based) in
`line`, None for the header.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence

from influence.contract.problems import Problem
from influence.edit import csvwriter
from influence.edit.eventsfile import ID, Revision
from influence.load import checked, csvfile, validation
from influence.runtime import serverlog

DUPLICATE = "duplicate id"
SYNC_ROWS = 20_000  # a file this small is checked at once (about 0.4 s); a larger one in the background
_BASELINES: OrderedDict[str, tuple[tuple[int | None, Problem], ...]] = OrderedDict()
_KEEP = 4  # versions whose problems stay in memory (a few MB each at 100,000 rows)
_LOCK = threading.Lock()
_RUNNING: dict[str, threading.Thread] = {}


def ready(revision: Revision) -> bool:
    """True when the whole file's problems are known, working them out now for a small file (or one the map
    just loaded); False for a large one, to be checked by `start` once the page has answered."""
    if known(revision):
        return True
    with _LOCK:
        if revision.sha256 in _RUNNING:
            return False
    if len(revision.table.records) <= SYNC_ROWS or checked.recall(revision.sha256) is not None:
        _baseline(revision)
        return True
    return False


def start(revision: Revision) -> None:
    """Check the whole file in a background thread (unless known or under way already)."""
    with _LOCK:
        if revision.sha256 in _RUNNING or revision.sha256 in _BASELINES:
            return
        thread = threading.Thread(target=_check_in_background, args=(revision,), daemon=True)
        _RUNNING[revision.sha256] = thread
    thread.start()


def known(revision: Revision) -> bool:
    """True when the whole file's problems are known (the background check, if any, is done)."""
    with _LOCK:
        return revision.sha256 in _BASELINES


def wait(revision: Revision, timeout: float | None = None) -> bool:
    """Wait for the background check of `revision` (for scripts and tests); True when its problems are known."""
    with _LOCK:
        running = _RUNNING.get(revision.sha256)
    if running is not None:
        running.join(timeout)
    return known(revision)


def problems(
    revision: Revision, rows: Sequence[Mapping[str, str]], *, whole: bool = True
) -> tuple[Problem, ...]:
    """Every problem of `rows` (the revision's rows as edited), numbered by table row, sorted by row.

    With whole=False the untouched rows' problems are left out until they are known (see `ready`): the header,
    the edited rows and the duplicate ids are still checked."""
    base_rows = revision.rows()
    # rows edited in place (none added or deleted): every other row stands at its own number, and the
    # passes over every row are spared (loops over 100,000 rows cost 0.25 s a rerun)
    moved = revision.differing(rows)
    moved_set = set(moved or ())
    position_of: dict[int, int] = {}  # a row's number by its object, built only when a row moved
    found: list[Problem] = []
    baseline = _baseline(revision) if whole or known(revision) else _header_only(revision)
    for index, problem in baseline:
        if index is None:
            found.append(problem)
            continue
        if moved is not None and index not in moved_set:
            number: int | None = index + 1
        else:
            position_of = position_of or dict(zip(map(id, rows), itertools.count(1)))
            number = position_of.get(id(base_rows[index]))
        if number is not None:  # untouched: its problems stand, at its row number now
            found.append(_renumbered(problem, number))
    fresh = [(position + 1, rows[position]) for position in revision.fresh(rows)]
    found += _checked(revision.columns, fresh)
    keys = revision.keys(rows)
    found += [] if revision.distinct(keys) else duplicates(keys)
    return tuple(sorted(found, key=lambda p: (p.line or 0, p.column or "")))


def remember(revision: Revision, found: Sequence[Problem]) -> None:
    """Record `found` (problems of rows now saved as `revision`) as that version's, sparing a full check."""
    entries = tuple(
        (None if p.line is None else p.line - 1, p) for p in found if not p.message.startswith(DUPLICATE)
    )
    _store(revision.sha256, entries)


def duplicates(keys: Sequence[str]) -> list[Problem]:
    """One error per row whose id (`keys`, in row order) an earlier row already uses."""
    if len(set(keys)) == len(keys):
        return []  # the common case, at C speed
    counts = Counter(keys)
    repeated = {key for key, count in counts.items() if count > 1 and key}
    first: dict[str, int] = {}
    found = []
    for number, key in enumerate(keys, start=1):
        if key not in repeated:
            continue
        if key in first:
            found.append(Problem(number, ID, key, f"{DUPLICATE}: row {first[key]} already uses it"))
        else:
            first[key] = number
    return found


def kind(problem: Problem) -> str:
    """What a problem is about, without its particulars: how the Edit page groups them."""
    head = re.split(r"[:;(]", problem.message, maxsplit=1)[0].strip()
    return re.sub(r"'[^']*'|\S*\d\S*", "…", head) or problem.message


def _baseline(revision: Revision) -> tuple[tuple[int | None, Problem], ...]:
    with _LOCK:
        cached = _BASELINES.get(revision.sha256)
        if cached is not None:
            _BASELINES.move_to_end(revision.sha256)
            return cached
    # the map's load of the same bytes, else the table the revision already holds (no second parse), which
    # reads as the loader reads those bytes (no file yet: its header-only stand-in, which has no problem)
    found = checked.recall(revision.sha256) if revision.data else None
    if found is None:
        found = validation.validate_table(revision.table).problems
        if revision.data:
            checked.remember(revision.sha256, found)
    entries = _entries(revision, found)
    _store(revision.sha256, entries)
    return entries


def _entries(revision: Revision, found: Sequence[Problem]) -> tuple[tuple[int | None, Problem], ...]:
    # file lines map to row positions (blank lines skipped); a problem of no data row is about the whole file
    data_records = [record for record in revision.table.records if not record.blank]
    index_of = {record.line: index for index, record in enumerate(data_records)}
    return tuple((index_of.get(p.line or 0), p) for p in found if not p.message.startswith(DUPLICATE))


def _header_only(revision: Revision) -> tuple[tuple[int | None, Problem], ...]:
    # while the rows are checked in the background: what the header alone says (a missing column blocks a save)
    return _header_problems(revision.columns)


@functools.lru_cache(maxsize=8)
def _header_problems(columns: tuple[str, ...]) -> tuple[tuple[int | None, Problem], ...]:
    # the same for every rerun while the background check runs (0.06 s each: the validator's set-up)
    report = validation.validate_bytes(_text(columns, []))
    return tuple((None, p) for p in report.problems)


def _check_in_background(revision: Revision) -> None:
    try:
        _baseline(revision)
    except Exception:  # never silent: the operator's log has it, and the page keeps checking edited rows
        serverlog.logger().exception("checking %s in the background failed", revision.path)
    finally:
        with _LOCK:
            _RUNNING.pop(revision.sha256, None)


def _store(key: str, entries: tuple[tuple[int | None, Problem], ...]) -> None:
    with _LOCK:
        _BASELINES[key] = entries
        _BASELINES.move_to_end(key)
        while len(_BASELINES) > _KEEP:
            _BASELINES.popitem(last=False)


def _checked(columns: Sequence[str], numbered: Sequence[tuple[int, Mapping[str, str]]]) -> list[Problem]:
    if not numbered:
        return []
    data = _text(columns, [row for _, row in numbered])
    report = validation.validate_bytes(data, "edits")
    number_of = {record.line: numbered[index][0] for index, record in enumerate(csvfile.read(data).records)}
    return [
        _renumbered(p, number_of[p.line])
        for p in report.problems
        if p.line in number_of and not p.message.startswith(DUPLICATE)
    ]


def _text(columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> bytes:
    # the rows exactly as the loader would read them: header, then each row in the default dialect
    dialect = csvfile.Dialect()
    body = "".join(csvwriter.serialise(csvwriter.fields_of(row, columns), dialect) for row in rows)
    return (csvwriter.serialise(columns, dialect) + body).encode("utf-8")


def _renumbered(problem: Problem, number: int | None) -> Problem:
    return Problem(number, problem.column, problem.value, problem.message, problem.severity)
