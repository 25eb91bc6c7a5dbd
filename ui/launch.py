"""`python -m ui.launch app.py [streamlit options]`: `streamlit run` with the first visitor's work started at once.

A thread started before the server imports the map page's modules (pandas, geopandas, folium: ~2.5 s) and loads
the events file into the data cache (read back from the Parquet store, or validated: ~9 s at 100,000 rows on a
first start) while Streamlit starts; the first visitor then finds them done, or waits only for the rest (the
cache's per-key lock makes the visit wait for the load in progress, never run it twice).
"""

from __future__ import annotations

import importlib
import sys
import threading

from influence.runtime import serverlog


def prime() -> None:
    """Import the map page and load the events file into the cache, as the first visit would."""
    try:
        for module in ("ui.cache", "ui.explore.page"):
            importlib.import_module(module)
        from ui import cache

        cache.prime()
    except Exception:  # a visit then does the same work and shows the problem in the page
        serverlog.logger().exception("priming the server at start-up failed")


def main(arguments: list[str]) -> None:
    """Start the priming thread, then `streamlit run` with `arguments`."""
    threading.Thread(target=prime, name="prime", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *arguments]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
