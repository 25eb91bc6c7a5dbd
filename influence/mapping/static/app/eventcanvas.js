/* Events drawn on one canvas from compact column arrays (hand-written: one Leaflet object per event
 * costs tens of microseconds each and folium.GeoJson with style_function turns quadratic; no library
 * draws typed, styled, aggregating points from columns). Text arrives already HTML-escaped by
 * influence.htmltext.escape in Python, so it may be concatenated into HTML as is.
 * Test hook: after each draw, window.__eventsDrawn and the map container's data-events-drawn hold
 * the number of events drawn (points, areas, stacks, or events inside aggregate cells), data-events-mode
 * holds "points", "mixed" or "aggregated", and window.__eventsLayer is the layer (see sample(); the
 * drawing itself, stacks and aggregates are in eventmarks.js, which must load after this file).
 * data-events-total holds the number of events the mask selects.
 * Data plumbing: the layer holds every event of a data version once; which of them are drawn is a mask
 * (setState({mask}): a base64 bitset from influence/livestate.py, bit i = event i) that the live map sends
 * on every rerun, so a filter change redraws in place. options.mask "none" draws nothing until the first
 * state arrives (the live map); without a mask every event is drawn. */
(function () {
  "use strict";
  var EARTH = 40075016.686;

  // a pane above the influence shapes; it lets the mouse through so shapes below keep their tooltips
  L.ensurePane = function (map, name, zIndex) {
    var pane = map.getPane(name);
    if (!pane) { pane = map.createPane(name); pane.style.zIndex = String(zIndex); pane.style.pointerEvents = "none"; }
    return pane;
  };

  function column(text, name) {
    var c = text[name] || { values: [] };
    if (!c.codes) return function (i) { return c.values[i] === undefined ? "" : c.values[i]; };
    return function (i) { return c.values[c.codes[i]]; };
  }

  L.EventCanvas = L.Layer.extend({
    options: { radius: 6, pane: "eventsPane", padding: 0.25, textId: null, mask: null },

    initialize: function (data, options) {
      L.setOptions(this, options);
      var n = data.n, i;
      this._d = data;
      this._n = n;
      // popup and tooltip text: inline (data.text) or in a JSON block parsed on the first hover or click,
      // so the first draw never waits for it (see layers/events.py)
      this._text = null;
      // world pixels at zoom 0 (spherical mercator), scaled by 2^zoom at draw time
      this._wx = new Float64Array(n); this._wy = new Float64Array(n);
      var lat = data.lat, lon = data.lon, k4 = 4 * Math.PI, rad = Math.PI / 180;
      for (i = 0; i < n; i++) {
        var s = Math.sin(lat[i] * rad);
        this._wx[i] = (256 * (lon[i] + 180)) / 360;
        this._wy[i] = 256 * (0.5 - Math.log((1 + s) / (1 - s)) / k4);
      }
      this._shown = null; this._count = n;
      if (this.options.mask === "none") { this._shown = new Uint8Array(n); this._count = 0; }
    },

    /** Live map: draw the events the mask selects (a base64 bitset, least significant bit first). */
    setState: function (state) {
      var binary = atob(state.mask || ""), n = this._n, shown = new Uint8Array(n), count = 0;
      for (var i = 0; i < n; i++) {
        var bit = (binary.charCodeAt(i >> 3) >> (i & 7)) & 1;
        shown[i] = bit; count += bit;
      }
      this._shown = shown; this._count = count;
      if (this._map) this._redraw();
    },

    // the text columns, decoded once; fn(text) runs when they are ready (at once after the first time)
    _withText: function (fn) {
      if (this._text) { fn(this._text); return; }
      (this._waiting = this._waiting || []).push(fn);
      if (this._loading) return;
      this._loading = true;
      var self = this;
      this._loadText().then(function (source) {
        var t = {};
        ["id", "dates", "place", "actor", "count", "description", "source", "source_url", "fatalities", "attribution",
          "other_actors"].forEach(function (name) {
          t[name] = column(source, name);
        });
        for (var name in source) if (!t[name]) t[name] = column(source, name);
        self._text = t;
        var waiting = self._waiting; self._waiting = null;
        waiting.forEach(function (f) { f(t); });
      });
    },

    _loadText: function () {
      var inline = this._d.text, block = this.options.textId && document.getElementById(this.options.textId);
      if (inline || !block) return Promise.resolve(inline || {});
      if (block.dataset.encoding !== "deflate-base64") return Promise.resolve(JSON.parse(block.textContent));
      // large text is zlib-compressed and base64-encoded in Python; the browser inflates it natively
      var binary = atob(block.textContent.trim()), bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
      return new Response(stream).text().then(JSON.parse);
    },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-animated");
      this._canvas.style.pointerEvents = "none";
      L.ensurePane(map, this.options.pane, 450).appendChild(this._canvas);
      map.on("moveend resize", this._redraw, this);
      map.on("zoomanim", this._animateZoom, this);
      map.on("click", this._onClick, this);
      map.on("mousemove", this._onMove, this);
      window.__eventsLayer = this;
      this._redraw();
    },

    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend resize", this._redraw, this);
      map.off("zoomanim", this._animateZoom, this);
      map.off("click", this._onClick, this);
      map.off("mousemove", this._onMove, this);
      if (this._tip) map.closeTooltip(this._tip);
      this._report(0, "off");
    },

    _animateZoom: function (e) {
      var scale = this._map.getZoomScale(e.zoom);
      var offset = this._map._latLngToNewLayerPoint(this._topLeft, e.zoom, e.center);
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },

    _report: function (count, mode) {
      window.__eventsDrawn = count;
      var box = this._map ? this._map.getContainer() : null;
      if (box) { box.dataset.eventsDrawn = String(count); box.dataset.eventsMode = mode; box.dataset.eventsTotal = String(this._count); }
    },

    _redraw: function () {
      var map = this._map, size = map.getSize(), d = this._d, o = this.options;
      var pad = size.multiplyBy(o.padding).round();
      var full = size.add(pad.multiplyBy(2));
      var dpr = window.devicePixelRatio || 1;
      var canvas = this._canvas;
      this._topLeft = map.containerPointToLatLng(pad.multiplyBy(-1));
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint(pad.multiplyBy(-1)));
      canvas.width = full.x * dpr; canvas.height = full.y * dpr;
      canvas.style.width = full.x + "px"; canvas.style.height = full.y + "px";
      var ctx = canvas.getContext("2d");
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      var scale = Math.pow(2, map.getZoom());
      var origin = map.project(this._topLeft, map.getZoom());
      var px = new Float32Array(this._n), py = new Float32Array(this._n);
      var visible = [], i, shown = this._shown;
      for (i = 0; i < this._n; i++) {
        px[i] = this._wx[i] * scale - origin.x; py[i] = this._wy[i] * scale - origin.y;
        if (shown && !shown[i]) continue;  // not in the mask: never visible, so never drawn nor hit
        if (px[i] > -60 && py[i] > -60 && px[i] < full.x + 60 && py[i] < full.y + 60) visible.push(i);
      }
      this._px = px; this._py = py; this._pad = pad;
      // marks, stacks and aggregates: eventmarks.js
      this._draw(ctx, visible, EARTH / (256 * scale));
    },

    tooltipHtml: function (i) {
      var d = this._d, t = this._text;
      return "<b>" + d.types[d.type[i]][0] + "</b> · " + d.sponsors[d.sponsor[i]][0] + "<br>" + t.place(i) + " · " + t.dates(i);
    },

    popupHtml: function (i) {
      var d = this._d, t = this._text, url = t.source_url(i), rows = [];
      var place = t.place(i) + (d.estimated[i] ? " <i>(estimated location)</i>" : "");
      var source = url ? '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + (t.source(i) || url) + "</a>" : t.source(i);
      var sponsor = d.sponsors[d.sponsor[i]][0] + (t.attribution(i) ? " <i>(" + t.attribution(i) + ")</i>" : "");
      var fields = [["Dates", t.dates(i)], ["Place", place], ["Sponsor", sponsor], ["Actor", t.actor(i)],
        ["Other actors", t.other_actors(i)], ["Type", d.types[d.type[i]][0]], ["Count", t.count(i)],
        ["Fatalities", t.fatalities(i)], ["Confidence", d.confidences[d.confidence[i]][0]], ["Source", source]];
      // dir="auto": Arabic or Farsi text is laid out right to left and aligned right, each cell on its own
      for (var k = 0; k < fields.length; k++) if (fields[k][1]) rows.push("<tr><th>" + fields[k][0] + '</th><td dir="auto">' + fields[k][1] + "</td></tr>");
      return '<div class="event-popup"><table>' + rows.join("") + '</table><p dir="auto">' + t.description(i) + "</p></div>";
    },

    /** Test hook: the canvas pixel [r, g, b, a] at a latitude/longitude, as the last draw placed it. */
    sample: function (lat, lon) {
      // measured from the canvas's own top-left corner (the draw's projection), not from the container: a
      // pan or resize since the last draw moves the container, and the pixel read would miss the mark
      var map = this._map, zoom = map.getZoom(), dpr = window.devicePixelRatio || 1;
      var p = map.project([lat, lon], zoom).subtract(map.project(this._topLeft, zoom));
      return Array.from(this._canvas.getContext("2d").getImageData(Math.round(p.x * dpr), Math.round(p.y * dpr), 1, 1).data);
    }
  });
})();
