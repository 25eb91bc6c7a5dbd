/* The live map's bridge: a Streamlit component (declared in ui/explore/livemap.py from this folder, so it is served
 * by the app itself and works offline). Hand-written, because no library mounts a map once and feeds it.
 *
 * Streamlit posts "streamlit:render" with args {docKey, document? or documentUrl?, state, stateKey, view, height}:
 *  - document (the map's self-contained HTML; documentUrl: the address the app serves it at) comes only when
 *    Python does not know we hold docKey; it is
 *    loaded once into a nested iframe, and later reruns send only the state (mask, layers, layer data);
 *  - a state differing from the last one is posted to the map, which redraws in place (pan and zoom kept).
 * Sandbox: the map document runs in an iframe with sandbox="allow-scripts allow-popups
 * allow-popups-to-escape-sandbox" and no allow-same-origin, so its scripts (and any text in it) get an
 * opaque origin: they cannot read or change this frame, the app page, its cookies or storage. The only
 * channel is postMessage, and from the map this bridge accepts just ready / drawn / view / layers / basemap / click, each
 * checked by shape (see static/app/livemap.js; "fullscreen" from static/app/fullscreen.js stretches this frame
 * over the window). The bridge itself is our code and holds no data as HTML.
 * Back to Python (setComponentValue, one rerun each): {docKey, layers, click, basemap, drawn} when a layer is
 * toggled or a basemap picked in the layer control, on a click that hits no event, once a document's first state
 * is drawn (drawn: its docKey; at the latest DRAWN_AT_LATEST_MS after it was loaded), and with docKey null when
 * this frame lacks the document Python believes it sent (a re-created frame). Loading a document is not reported. Pan and zoom do NOT rerun: the
 * view is written into the app page's address (view=lat,lon,zoom) for links, and read on the next rerun. */
(function () {
  "use strict";
  var SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox";
  // a stored document's address next to this bridge's own (ui/explore/livemap.py): nothing else is loaded
  var DOCUMENT_URL = /^\.\.\/[A-Za-z0-9_.]+\/livemap-[0-9a-f]+\.html$/;
  var frame = null, docKey = null, ready = false, pending = null, posted = null, openAt = null;
  var view = null, layers = null, click = null, clicks = 0, height = 0, basemap = null, picks = 0, asks = 0;
  // the document whose first state was drawn: reported once per document, so the page can draw its controls
  // after the map (ui/explore/page.py) instead of making the map wait for them
  var drawn = null;
  var DRAWN_AT_LATEST_MS = 6000;  // a document that never says it drew still lets the controls come

  function toStreamlit(type, extra) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra), "*");
  }

  function report() {
    toStreamlit("streamlit:setComponentValue", {
      // asks counts the requests for the document, so two in a row still differ (and reach _changed in Python)
      value: { docKey: docKey, layers: layers, click: click, basemap: basemap, asks: asks, drawn: drawn },
      dataType: "json"
    });
  }

  function writeAddress(name, value) {
    try {
      var page = window.parent, url = new URL(page.location.href);
      url.searchParams.set(name, value);
      // commas stay readable in a shared link (view=35.1,38.2,7)
      var search = url.searchParams.toString().replace(/%2C/gi, ",");
      page.history.replaceState(page.history.state, "", url.pathname + "?" + search + url.hash);
    } catch (e) { /* not allowed: the view is simply not remembered in the address */ }
  }

  function load(args) {
    docKey = args.docKey; ready = false; posted = null;
    // a new document (new data version or basemap) opens where the analyst was looking
    openAt = view || args.view || null;
    if (frame) frame.remove();
    frame = document.createElement("iframe");
    frame.className = "livemap";
    frame.title = "Map of the events shown";
    frame.setAttribute("sandbox", SANDBOX);
    // by address when the app serves the stored document (a 6 MB srcdoc string cost the page seconds), else inline
    if (DOCUMENT_URL.test(args.documentUrl || "")) frame.src = new URL(args.documentUrl, window.location.href).href;
    else frame.srcdoc = args.document;
    document.body.appendChild(frame);
    // not reported: Python marks the document sent, and a report here cost every visit a second full rerun
    // before its map was drawn; once drawn, it is (see "drawn" below)
    var loading = docKey;
    window.setTimeout(function () { if (docKey === loading) reportDrawn(); }, DRAWN_AT_LATEST_MS);
  }

  function reportDrawn() {
    if (drawn === docKey || docKey === null) return;
    drawn = docKey; report();
  }

  function postState() {
    if (!ready || !pending || pending.key === posted) return;
    var message = { type: "state", state: pending.state };
    if (openAt) { message.view = openAt; openAt = null; }
    posted = pending.key;
    frame.contentWindow.postMessage(message, "*");
  }

  function render(args) {
    fill = args.fill || null;
    size(args.height);
    if (args.docKey !== docKey || !frame) {
      if (typeof args.document !== "string" && !DOCUMENT_URL.test(args.documentUrl || "")) {
        // Python believes we hold a document we do not have (this frame was re-created): ask for it
        docKey = null; ready = false; asks += 1; report(); return;
      }
      load(args);
    }
    pending = { state: args.state, key: args.stateKey };
    postState();
  }

  function number(value) { return typeof value === "number" && isFinite(value); }

  // the frame is as tall as the app's window allows (ui/layout.py's rule: the window less `reserved`, never
  // under `min`), told to Streamlit so the page lays out below it instead of under an overflowing frame
  var fill = null;
  function size(fallback) {
    var wanted = fallback || 640;
    if (fill) {
      try { wanted = Math.max(fill.min, window.parent.innerHeight - fill.reserved); } catch (e) { /* keep it */ }
    }
    if (wanted !== height) { height = wanted; toStreamlit("streamlit:setFrameHeight", { height: height }); }
  }
  try { window.parent.addEventListener("resize", function () { size(height); }); } catch (e) { /* no resize */ }

  // the map's full-screen button: this frame (Streamlit's component frame) is stretched over the window
  var STRETCH = "position:fixed!important;inset:0!important;width:100vw!important;height:100vh!important;" +
    "z-index:999999!important;max-width:none!important;max-height:none!important;background:#fff";
  var unstretched = null;
  function stretch(on) {
    var element = null;
    try { element = window.frameElement; } catch (e) { return; }
    if (!element) return;
    if (on && unstretched === null) {
      unstretched = element.getAttribute("style") || "";
      element.setAttribute("style", unstretched + ";" + STRETCH);
    } else if (!on && unstretched !== null) {
      element.setAttribute("style", unstretched);
      unstretched = null;
    }
  }

  function fromMap(message) {
    if (!message || typeof message.type !== "string") return;
    if (message.type === "ready") {
      ready = true; postState();
    } else if (message.type === "drawn") {
      reportDrawn();
    } else if (message.type === "view" && Array.isArray(message.view) && message.view.length === 3 && message.view.every(number)) {
      view = message.view.slice();
      writeAddress("view", view.join(","));
    } else if (message.type === "layers" && Array.isArray(message.layers)) {
      var keys = message.layers.filter(function (key) { return typeof key === "string" && /^[a-z_]{1,40}$/.test(key); });
      layers = keys;
      writeAddress("layers", keys.join(","));
      report();
    } else if (message.type === "basemap" && typeof message.basemap === "string" && /^[a-z_]{1,40}$/.test(message.basemap)) {
      picks += 1;
      basemap = { key: message.basemap, seq: picks };
      report();
    } else if (message.type === "fullscreen" && typeof message.on === "boolean") {
      stretch(message.on);
    } else if (message.type === "click" && number(message.lat) && number(message.lon)) {
      clicks += 1;
      click = { lat: message.lat, lon: message.lon, shift: message.shift === true, seq: clicks };
      report();
    }
  }

  window.addEventListener("message", function (event) {
    if (frame && event.source === frame.contentWindow) { fromMap(event.data); return; }
    if (event.source !== window.parent) return;
    var data = event.data;
    if (data && data.type === "streamlit:render") render(data.args || {});
  });
  toStreamlit("streamlit:componentReady", { apiVersion: 1 });
})();
