/* The map document's side of the live map (hand-written: no plugin keeps a Leaflet map mounted while a
 * host page swaps what it draws). L.liveMap(map, layers, initial):
 *  - layers is {registry key: Leaflet layer}; a layer with setState(data) takes its part of a state;
 *  - a state is {layers: [keys shown], basemap: key, title: escaped HTML, data: {key: layer data}}
 *    (influence/livestate.py);
 *  - initial (exports) is applied at once; with none (the app), the document waits for the bridge;
 *  - bounds (when no view was asked for) are fitted again if the frame had no size when the map started.
 * Inside the app the document runs in an iframe sandboxed without allow-same-origin (static/livemap/bridge.js):
 * it cannot reach the app page, and talks to its parent only with these postMessage messages:
 *   received: {type: "state", state, view?: [lat, lon, zoom]}
 *   sent:     {type: "ready"}, {type: "drawn"} (after each state from the parent), {type: "view", view: [lat, lon, zoom]}, {type: "layers", layers: [keys]},
 *             {type: "basemap", basemap: key}   (picked in the layer control; options.bases names them),
 *             {type: "click", lat, lon, shift}   (a click on no event: the page may filter by governorate)
 * Test hooks: window.__map is the map; window.__liveStates and the container's data-live-state count the states applied
 * (data-live-at: the epoch milliseconds of the last one);
 * window.__liveApply(state) applies a state (the playback export drives frames with it). */
(function () {
  "use strict";
  L.liveMap = function (map, layers, initial, options) {
    var parent = window.parent && window.parent !== window ? window.parent : null;
    var applying = false, bounds = (options || {}).bounds || null, bases = (options || {}).bases || {};
    // a frame laid out after this script ran (size 0 at first) would leave Syria fitted into 0 pixels:
    // follow the container's size, and fit again once it has one
    var unsized = map.getSize().x === 0 || map.getSize().y === 0;
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        // keep the centre (Leaflet's own resize rule): with pan off the top-left stayed put, so a view opened
        // from a link before the frame had its size slid by half the growth and was written back shifted
        map.invalidateSize({ pan: true, animate: false });
        if (unsized && map.getSize().x > 0 && map.getSize().y > 0) {
          unsized = false;
          if (bounds) map.fitBounds(bounds, { animate: false });
        }
      }).observe(map.getContainer());
    }
    window.__liveStates = 0;
    window.__map = map;  // test hook: the map, whichever layers are on
    // Leaflet.heat has no state call of its own: its points and peak are replaced in place
    if (L.HeatLayer && !L.HeatLayer.prototype.setState) {
      L.HeatLayer.prototype.setState = function (data) { this.setOptions({ max: data.max }); this.setLatLngs(data.points); };
    }

    function post(message) { if (parent) parent.postMessage(message, "*"); }

    function shownKeys() {
      return Object.keys(layers).filter(function (key) { return map.hasLayer(layers[key]); });
    }

    function apply(state) {
      applying = true;
      try {
        var wanted = state.layers || [], data = state.data || {};
        Object.keys(layers).forEach(function (key) {
          var layer = layers[key], on = wanted.indexOf(key) >= 0;
          // data first, so a layer switched on draws the new state, not the document's first one
          if (data[key] !== undefined && layer.setState) layer.setState(data[key]);
          if (on && !map.hasLayer(layer)) map.addLayer(layer);
          else if (!on && map.hasLayer(layer)) map.removeLayer(layer);
        });
        var base = bases[state.basemap];
        if (base && !map.hasLayer(base)) {
          Object.keys(bases).forEach(function (key) { if (map.hasLayer(bases[key])) map.removeLayer(bases[key]); });
          map.addLayer(base);
          if (base.bringToBack) base.bringToBack();  // the land fill stays under the shading drawn before it
        }
        var title = map.getContainer().querySelector(".map-title");
        if (title && typeof state.title === "string") title.innerHTML = state.title;  // escaped in Python
      } finally {
        applying = false;
      }
      window.__liveStates += 1;
      // data-live-at: when (epoch ms) this state was drawn, so a benchmark can time a redraw from the click
      // that caused it without counting its own polling (scripts/bench.py)
      map.getContainer().dataset.liveAt = String(Date.now());
      map.getContainer().dataset.liveState = String(window.__liveStates);
    }

    if (initial) apply(initial);
    // the playback export (influence/animation.py) steps a loaded composition through its frames' states
    window.__liveApply = apply;
    if (!parent) return;

    window.addEventListener("message", function (event) {
      var message = event.data;
      if (event.source !== parent || !message || message.type !== "state") return;
      if (message.view) { bounds = null; map.setView([message.view[0], message.view[1]], message.view[2], { animate: false }); }
      apply(message.state);
      post({ type: "drawn" });
    });
    map.on("moveend", function () {
      var c = map.getCenter();
      post({ type: "view", view: [Number(c.lat.toFixed(4)), Number(c.lng.toFixed(4)), map.getZoom()] });
    });
    map.on("overlayadd overlayremove", function () {
      if (!applying) post({ type: "layers", layers: shownKeys() });
    });
    map.on("baselayerchange", function (e) {
      var key = Object.keys(bases).filter(function (name) { return bases[name] === e.layer; })[0];
      if (!applying && key) post({ type: "basemap", basemap: key });
    });
    // Leaflet closes an open popup on "preclick", before "click": note whether one was open
    var popupWasOpen = false;
    map.on("preclick", function () { popupWasOpen = Boolean(map._popup && map.hasLayer(map._popup)); });
    map.on("click", function (e) {
      // a click on an event, on a flow, or one that closes a popup is not a governorate pick
      var original = e.originalEvent || {}, target = original.target;
      if (layers.events && map.hasLayer(layers.events) && layers.events.claims(e)) return;
      if (target && target.closest && target.closest(".leaflet-flows-pane")) return;
      if (popupWasOpen) return;
      post({ type: "click", lat: e.latlng.lat, lon: e.latlng.lng, shift: Boolean(original.shiftKey) });
    });
    post({ type: "ready" });
  };
})();
