"""The map document runs sandboxed: script in it cannot reach the app page beyond the messages it may send.

Whatever text reaches the map (a hostile colour, an event description), the frame holding the map document
has an opaque origin: no access to the page around it, its cookies, its storage or its address, and the
bridge around it accepts only well-formed view / layers / click / ready messages.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import ROOT, wait_for_events

pytestmark = pytest.mark.browser

FIXTURE = ROOT / "tests" / "data" / "map_events.csv"
KEY = "explore_map"

PROBE = """() => {
  const out = {origin: window.origin};
  const probes = {
    parent: () => window.parent.document.title,
    top: () => window.top.document.title,
    topAddress: () => window.top.location.href,
    cookie: () => document.cookie,
    storage: () => window.localStorage.length,
    navigateTop: () => { window.top.location.href = "about:blank#escaped"; },
  };
  for (const [name, probe] of Object.entries(probes)) {
    try { probe(); out[name] = "reached"; } catch (e) { out[name] = e.name; }
  }
  return out;
}"""


def test_script_in_the_map_cannot_reach_the_page(streamlit_server, offline_page):
    url = streamlit_server(ROOT / "app.py", FIXTURE)
    page = offline_page.page
    page.goto(f"{url}/")
    frame = wait_for_events(page, KEY, 7)
    found = frame.locator("body").evaluate(PROBE)
    assert found["origin"] == "null", found  # an opaque origin: nothing of the app's is its own
    for name in ("parent", "top", "topAddress", "cookie", "storage", "navigateTop"):
        assert found[name] != "reached", (name, found)
    assert "#escaped" not in page.url
    # a malformed message changes nothing; a well-formed view is written into the address as designed
    frame.locator("body").evaluate(
        """() => {
          window.parent.postMessage({type: "view", view: ["1;alert(1)", 2, 3]}, "*");
          window.parent.postMessage({type: "layers", layers: ["<img src=x onerror=alert(1)>"]}, "*");
          window.parent.postMessage({type: "view", view: [35.25, 38.5, 8]}, "*");
        }"""
    )
    page.wait_for_url("**view=35.25,38.5,8**", timeout=15_000)
    assert "alert" not in page.url and "img" not in page.url
    assert offline_page.dialogs == [] and offline_page.page_errors == []


def test_the_document_comes_by_address_sandboxed_and_nothing_else_is_served_there(
    streamlit_server, offline_page, tmp_path
):
    # a restarted server's map document is fetched from the app, not carried in the page's websocket message;
    # the folder it is served from holds documents only: the validated rows next to it are not reachable
    cache = tmp_path / "cache"
    url = streamlit_server(ROOT / "app.py", FIXTURE, environment={"INFLUENCE_CACHE": str(cache)})
    page = offline_page.page
    page.goto(f"{url}/")
    wait_for_events(page, KEY, 7)
    inner = page.frame_locator(f".st-key-{KEY} iframe").first.locator("iframe.livemap")
    address = inner.get_attribute("src")
    assert inner.get_attribute("sandbox") == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    assert address.startswith(f"{url}/component/ui.explore.livemap.livemap_documents/livemap-"), address
    with urllib.request.urlopen(address, timeout=30) as answer:
        assert answer.read().decode("utf-8") == (cache / "documents" / address.rsplit("/", 1)[1]).read_text(
            "utf-8"
        )
    rows = next(cache.glob("events-*.parquet")).name
    folder = f"{url}/component/ui.explore.livemap.livemap_documents"
    for attempt in (
        f"{folder}/{rows}",
        f"{folder}/../{rows}",
        f"{folder}/%2e%2e/{rows}",
        f"{folder}/..%2f{rows}",
    ):
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(attempt, timeout=30)
    assert offline_page.page_errors == []
