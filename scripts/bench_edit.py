"""Edit page speed: server time per interaction at 100,000 rows (SYNTHETIC data), printed as a table.

    .venv/bin/python scripts/bench_edit.py [--rows 100000] [--duplicates 600] [--baseline GIT-REF]

Each interaction is one run of the Edit page's script as the server runs it (Streamlit's AppTest: the
script, the widgets' state and the serialisation of every element sent to the browser; not the browser's
drawing). With --baseline the same steps run on another version of the code (a temporary git worktree of
GIT-REF), in the same run and on the same file, and the ratios are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench password"


def measure(rows: int, duplicates: int, out: Path, map_first: bool = False) -> list[tuple[str, float, float]]:
    """Run the steps on the code importable here; return (step, wall seconds, CPU seconds of the server)."""
    from streamlit.testing.v1 import AppTest

    from influence.edit import access
    from influence.load import synthetic

    path = synthetic.write(out / f"synthetic-{rows}.csv", rows, seed=11)
    if duplicates:  # every 100th row takes the id of the row before it: SYNTHETIC duplicate ids
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for n in range(2, min(len(lines), 2 + duplicates * 100), 100):
            previous_id = lines[n - 1].split(",", 1)[0]
            lines[n] = previous_id + "," + lines[n].split(",", 1)[1]
        path.write_text("".join(lines), encoding="utf-8")
    # on disk as a server finds its events file, written back long since (the kernel does so within 30 s):
    # else the first save's backup, a second name for this file, waits for its 23 MB to reach the disk
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    os.environ["EVENTS_CSV"] = str(path)
    os.environ["EVENTS_BACKUP_DIR"] = str(out / "backups")
    timings: list[tuple[str, float, float]] = []

    def step(name: str, action) -> None:
        started, cpu = time.perf_counter(), time.process_time()  # process time: the script thread included
        action()
        timings.append((name, time.perf_counter() - started, time.process_time() - cpu))
        assert not app.exception, [e.value for e in app.exception]

    def page() -> None:
        from ui.editor import page as edit_page

        edit_page.render()

    # a server imports its pages once (app.py imports them all on its first run, whichever page is asked
    # for) and streamlit_folium on the first draw of the place-picking map: once per server, not a cost of
    # an interaction (0.5 s and 0.6 s here, which earlier figures counted in the first visitor's and the
    # first login's time)
    import streamlit_folium  # noqa: F401

    for name in ("ui.explore.page", "ui.explore", "ui.brief.page", "ui.editor.page"):
        with contextlib.suppress(ImportError):  # a --baseline tree may lay the pages out differently
            importlib.import_module(name)

    # a server scans the installed packages for components once, when it starts (Runtime.__init__); AppTest
    # scans anew for every AppTest (0.5 s here, which earlier figures counted in each visitor's first open),
    # so the scan is done once and every simulated session shares its result, as sessions of a server do
    from streamlit.components.v2.component_manager import BidiComponentManager

    components = BidiComponentManager()
    components.discover_and_register_components(start_file_watching=False)

    def session() -> AppTest:
        test = AppTest.from_function(page, default_timeout=900)
        if "_bidi_component_manager" in vars(test):  # AppTest's own slot for it (private: absent, it scans)
            test._bidi_component_manager = components
        return test

    app = session()
    app.secrets["editors"] = {"bench": access.hash_password(PASSWORD, iterations=access.MIN_ITERATIONS)}
    if map_first:  # the map page of the same server validated this version first (ui/cache.py, dataset.load)
        from influence.load import dataset

        step("the map loads the file (not the Edit page)", lambda: dataset.load(path))
    step("visitor opens the page (read-only)", app.run)
    step("visitor reruns", app.run)
    other = session()
    step("another visitor opens the page (same version)", other.run)
    app.text_input(key="edit_login_user").input("bench")
    app.text_input(key="edit_login_password").input(PASSWORD)
    login = next(button for button in app.button if button.label == "Log in")
    step("editor logs in (file read and checked once)", lambda: login.click().run())
    from influence.edit import editcheck

    revision = app.session_state["edit_revision"]
    # checked in the background: the page answered before it was done (a baseline without it checked at login)
    if hasattr(editcheck, "known") and not editcheck.known(revision):
        step("whole-file check done (background), shown", lambda: (editcheck.wait(revision), app.run()))
    step("rerun with nothing changed", app.run)

    def table_key() -> str:
        generation = app.session_state["edit_generation"]
        page = app.session_state.get("edit_page_shown", 1)
        return f"edit_table_{generation}" + (f"_p{page}" if page > 1 else "")

    def edit(cells: dict[int, dict[str, str]]) -> None:
        app.session_state[table_key()] = {"edited_rows": cells, "added_rows": [], "deleted_rows": []}
        app.run()

    step("edit one cell", lambda: edit({3: {"count": "77"}}))
    step("edit a second cell", lambda: edit({3: {"count": "77"}, 4: {"place": "Hasakah"}}))
    step("an invalid edit (bad date)", lambda: edit({3: {"count": "77"}, 5: {"date": "2021-13-45"}}))
    step("fix it again", lambda: edit({3: {"count": "77"}, 5: {"date": "2021-01-05"}}))
    pager = [widget for widget in app.number_input if str(widget.key).startswith("edit_page")]
    if pager:
        step("turn to page 100", lambda: pager[0].set_value(100).run())
    if not duplicates:
        save = app.button(key="edit_save")
        step("save (write, backup, audit)", lambda: save.click().run())
        step("rerun after the save", app.run)
    return timings


def _child(arguments: argparse.Namespace, tree: Path) -> list[tuple[str, float, float]]:
    with tempfile.TemporaryDirectory(prefix="bench-edit-") as folder:
        command = [sys.executable, str(Path(__file__).resolve()), "--child", folder,
                   "--rows", str(arguments.rows), "--duplicates", str(arguments.duplicates)]  # fmt: skip
        command += ["--map-first"] if arguments.map_first else []
        environment = {**os.environ, "PYTHONPATH": str(tree)}
        done = subprocess.run(command, cwd=tree, env=environment, capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(f"the run in {tree} failed:\n{done.stderr[-3000:]}")
        return [tuple(item) for item in json.loads(done.stdout.strip().splitlines()[-1])]


def main() -> int:
    """Parse the arguments, run the steps (and the baseline's) in child processes, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--duplicates", type=int, default=0, help="rows given an earlier row's id")
    parser.add_argument("--baseline", help="a git ref to measure the same way, for ratios")
    parser.add_argument(
        "--map-first", action="store_true", help="the map loads the file before the Edit page"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        sys.path.insert(0, os.getcwd())
        print(
            json.dumps(
                measure(arguments.rows, arguments.duplicates, Path(arguments.child), arguments.map_first)
            )
        )
        return 0
    now = _child(arguments, ROOT)
    before = None
    if arguments.baseline:
        with tempfile.TemporaryDirectory(prefix="bench-edit-base-") as folder:
            tree = Path(folder) / "tree"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree),
                            arguments.baseline], check=True)  # fmt: skip
            try:
                before = {name: (wall, cpu) for name, wall, cpu in _child(arguments, tree)}
            finally:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False
                )
    label = (
        f"{arguments.rows:,} SYNTHETIC rows"
        + (f", {arguments.duplicates:,} duplicate ids" if arguments.duplicates else "")
        + (", the map loaded the file first" if arguments.map_first else "")
    )
    print(f"Edit page, server time per interaction ({label}; load average {os.getloadavg()[0]:.1f})")
    header = f"{'interaction':46} {'wall':>8} {'CPU':>8}"
    print(header + (f" {'baseline wall':>14} {'CPU':>8} {'CPU ratio':>10}" if before else ""))
    for name, wall, cpu in now:
        line = f"{name:46} {wall:7.2f}s {cpu:7.2f}s"
        if before and name in before:
            old_wall, old_cpu = before[name]
            line += f" {old_wall:13.2f}s {old_cpu:7.2f}s {old_cpu / max(cpu, 1e-3):9.1f}×"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
