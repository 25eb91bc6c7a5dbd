"""The map document runs sandboxed: script in it cannot reach the app page beyond the messages it may send.

Whatever text reaches the map (a hostile colour, an event description), the frame holding the map document
has an opaque origin: no access to the page around it, its cookies, its storage or its address, and the
bridge around it accepts only well-formed view / layers / click / ready messages.
"""

from __future__ import annotations

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
