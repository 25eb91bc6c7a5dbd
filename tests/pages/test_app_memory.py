"""The server keeps no map document after a run: st.iframe's URL check would otherwise keep the last 128 in
urllib's cache (about 300 MB after ten minutes of four analysts, scripts/bench_load.py)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from streamlit.testing.v1 import AppTest

from influence.load import synthetic
from tests.conftest import map_drawn

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_the_map_documents_drawn_are_not_kept_in_urllibs_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("EVENTS_CSV", str(synthetic.write(tmp_path / "synthetic.csv", 300, seed=3)))
    real = urllib.parse.urlsplit  # functools.lru_cache(maxsize=128) in CPython
    held: list[int] = []  # what the cache held each time the app let it go

    def let_go() -> None:
        held.append(real.cache_info().currsize)
        real.cache_clear()

    def split(*args, **options):
        return real(*args, **options)

    split.cache_clear, split.cache_info = let_go, real.cache_info
    monkeypatch.setattr(urllib.parse, "urlsplit", split)  # urlparse looks it up by name on each call
    real.cache_clear()
    app = map_drawn(AppTest.from_file(APP, default_timeout=60).run())
    assert not app.exception, app.exception
    sponsors = next(widget for widget in app.multiselect if widget.label == "Sponsors")
    sponsors.set_value(list(sponsors.options[:1])).run()  # a second, different map document
    assert not app.exception, app.exception
    # the first run, its rerun once the map is drawn, the filter change: each run's urlsplit cache was let go
    assert len(held) == 3 and min(held) >= 1
    assert real.cache_info().currsize == 0
