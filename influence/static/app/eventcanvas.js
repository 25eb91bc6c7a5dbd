/* Events drawn on one canvas from compact column arrays (hand-written: one Leaflet object per event
 * costs tens of microseconds each and folium.GeoJson with style_function turns quadratic; no library
 * draws typed, styled, aggregating points from columns). Text arrives already HTML-escaped by
 * influence.htmltext.escape in Python, so it may be concatenated into HTML as is.
 * Test hook: after each draw, window.__eventsDrawn and the map container's data-events-drawn hold
 * the number of events drawn (points, areas, or events inside aggregate cells), data-events-mode
 * holds "points" or "aggregated", and window.__eventsLayer is the layer (see sample()). */
(function () {
  "use strict";
  var TAU = Math.PI * 2;
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

  function shapePath(ctx, shape, x, y, r) {
    var k, a, n;
    switch (shape) {
      case "square": ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7); return;
      case "triangle":
        ctx.moveTo(x, y - r * 1.1); ctx.lineTo(x + r, y + r * 0.75); ctx.lineTo(x - r, y + r * 0.75);
        ctx.closePath(); return;
      case "diamond":
        ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r * 1.15); ctx.lineTo(x - r, y);
        ctx.closePath(); return;
      case "cross":
        k = r * 0.38;
        ctx.moveTo(x - k, y - r); ctx.lineTo(x + k, y - r); ctx.lineTo(x + k, y - k); ctx.lineTo(x + r, y - k);
        ctx.lineTo(x + r, y + k); ctx.lineTo(x + k, y + k); ctx.lineTo(x + k, y + r); ctx.lineTo(x - k, y + r);
        ctx.lineTo(x - k, y + k); ctx.lineTo(x - r, y + k); ctx.lineTo(x - r, y - k); ctx.lineTo(x - k, y - k);
        ctx.closePath(); return;
      case "star":
      case "hexagon":
        n = shape === "star" ? 10 : 6;
        for (k = 0; k < n; k++) {
          a = -Math.PI / 2 + (k * TAU) / n;
          var rr = shape === "star" && k % 2 ? r * 0.45 : r * 1.15;
          if (k === 0) ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
          else ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
        }
        ctx.closePath(); return;
      case "x": polygon(ctx, x, y, r, X_POINTS); return;
      case "triangle_down": polygon(ctx, x, y, r, [[0, 1.1], [1, -0.75], [-1, -0.75]]); return;
      case "pentagon": regular(ctx, x, y, r * 1.1, 5, -Math.PI / 2); return;
      case "octagon": regular(ctx, x, y, r * 1.05, 8, -Math.PI / 2 + Math.PI / 8); return;
      case "bar": ctx.rect(x - r * 1.15, y - r * 0.5, r * 2.3, r); return;
      case "bowtie": polygon(ctx, x, y, r, [[-1, -0.9], [1, 0.9], [1, -0.9], [-1, 0.9]]); return;
      case "semicircle":
        ctx.moveTo(x - r * 1.1, y + r * 0.45); ctx.arc(x, y + r * 0.45, r * 1.1, Math.PI, TAU); ctx.closePath();
        return;
      default:
        ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, TAU);
    }
  }

  // the conflict event types' marks (vocabulary.toml): a diagonal cross and polygons, in units of the radius
  var X_POINTS = [[0.504, -1.122], [1.122, -0.504], [0.618, 0], [1.122, 0.504], [0.504, 1.122], [0, 0.618],
    [-0.504, 1.122], [-1.122, 0.504], [-0.618, 0], [-1.122, -0.504], [-0.504, -1.122], [0, -0.618]];

  function polygon(ctx, x, y, r, points) {
    for (var k = 0; k < points.length; k++) {
      if (k === 0) ctx.moveTo(x + r * points[k][0], y + r * points[k][1]);
      else ctx.lineTo(x + r * points[k][0], y + r * points[k][1]);
    }
    ctx.closePath();
  }

  function regular(ctx, x, y, r, n, start) {
    for (var k = 0; k < n; k++) {
      var a = start + (k * TAU) / n;
      if (k === 0) ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
      else ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath();
  }

  L.EventCanvas = L.Layer.extend({
    options: { radius: 6, aggregateAbove: 20000, cell: 56, hit: 9, pane: "eventsPane", padding: 0.25, textId: null },

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
      // draw order: areas first, then points grouped by style so each style is one fill
      // (keys computed once into a typed array: a key function in the comparator cost ~0.1 s at 100k)
      var keys = new Float64Array(n), areaOf = [];
      for (i = 0; i < data.precisions.length; i++) areaOf.push(data.precisions[i][1] > 0 ? 0 : 1);
      for (i = 0; i < n; i++) {
        keys[i] = (((areaOf[data.precision[i]] * 64 + data.confidence[i]) * 64 + data.sponsor[i]) * 64 + data.type[i]) * 1048576 + i;
      }
      keys.sort();
      var order = new Int32Array(n);
      for (i = 0; i < n; i++) order[i] = keys[i] % 1048576;
      this._order = order;
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
        ["id", "dates", "place", "actor", "count", "description", "source", "source_url"].forEach(function (name) {
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
      if (box) { box.dataset.eventsDrawn = String(count); box.dataset.eventsMode = mode; box.dataset.eventsTotal = String(this._n); }
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
      var visible = [], i;
      for (i = 0; i < this._n; i++) {
        px[i] = this._wx[i] * scale - origin.x; py[i] = this._wy[i] * scale - origin.y;
        if (px[i] > -60 && py[i] > -60 && px[i] < full.x + 60 && py[i] < full.y + 60) visible.push(i);
      }
      this._px = px; this._py = py; this._pad = pad; this._cells = null;
      var metresPerPixel = EARTH / (256 * scale);
      if (visible.length > o.aggregateAbove) this._drawCells(ctx, visible);
      else this._drawPoints(ctx, metresPerPixel);
    },

    _drawPoints: function (ctx, metresPerPixel) {
      var d = this._d, o = this.options, order = this._order, px = this._px, py = this._py;
      var grid = new Map(), areas = [], style = -1, shape = "circle", drawn = 0;
      var full = { x: parseFloat(this._canvas.style.width), y: parseFloat(this._canvas.style.height) };
      ctx.lineWidth = 1;
      for (var k = 0; k < order.length; k++) {
        var i = order[k], x = px[i], y = py[i];
        if (x < -60 || y < -60 || x > full.x + 60 || y > full.y + 60) continue;
        drawn++;
        var radiusKm = d.precisions[d.precision[i]][1];
        var colour = d.sponsors[d.sponsor[i]][1], opacity = d.confidences[d.confidence[i]][1];
        if (radiusKm > 0) {
          var r = Math.max(4, (radiusKm * 1000) / (metresPerPixel * Math.cos((d.lat[i] * Math.PI) / 180)));
          ctx.beginPath(); ctx.arc(x, y, r, 0, TAU);
          ctx.globalAlpha = opacity * 0.22; ctx.fillStyle = colour; ctx.fill();
          ctx.globalAlpha = opacity; ctx.strokeStyle = colour; ctx.setLineDash([4, 3]); ctx.stroke();
          ctx.setLineDash([]);
          areas.push(i, r);
          continue;
        }
        var s = (d.confidence[i] * 64 + d.sponsor[i]) * 64 + d.type[i];
        if (s !== style) {
          if (style >= 0) { ctx.fill(); ctx.stroke(); }
          style = s; shape = d.types[d.type[i]][1];
          ctx.beginPath(); ctx.globalAlpha = opacity; ctx.fillStyle = colour; ctx.strokeStyle = "#ffffff";
        }
        shapePath(ctx, shape, x, y, o.radius);
        var key = Math.floor(x / 16) * 65536 + Math.floor(y / 16);
        var bucket = grid.get(key);
        if (bucket) bucket.push(i); else grid.set(key, [i]);
      }
      if (style >= 0) { ctx.fill(); ctx.stroke(); }
      ctx.globalAlpha = 1;
      this._grid = grid; this._areas = areas;
      this._report(drawn, "points");
    },

    _drawCells: function (ctx, visible) {
      var d = this._d, size = this.options.cell, px = this._px, py = this._py, cells = new Map();
      for (var k = 0; k < visible.length; k++) {
        var i = visible[k], key = Math.floor(px[i] / size) * 65536 + Math.floor(py[i] / size);
        var c = cells.get(key);
        if (!c) { c = { n: 0, x: 0, y: 0, by: {} }; cells.set(key, c); }
        c.n++; c.x += px[i]; c.y += py[i]; c.by[d.sponsor[i]] = (c.by[d.sponsor[i]] || 0) + 1;
      }
      var drawn = 0;
      cells.forEach(function (c) {
        c.x /= c.n; c.y /= c.n; drawn += c.n;
        var r = Math.min(size / 2 - 2, 8 + 4 * Math.log10(c.n)), start = -Math.PI / 2;
        // a pie of sponsor shares keeps the aggregate honest about who is there
        for (var s in c.by) {
          var end = start + (TAU * c.by[s]) / c.n;
          ctx.beginPath(); ctx.moveTo(c.x, c.y); ctx.arc(c.x, c.y, r, start, end); ctx.closePath();
          ctx.globalAlpha = 0.85; ctx.fillStyle = d.sponsors[s][1]; ctx.fill();
          start = end;
        }
        ctx.globalAlpha = 1; ctx.lineWidth = 1.5; ctx.strokeStyle = "#ffffff";
        ctx.beginPath(); ctx.arc(c.x, c.y, r, 0, TAU); ctx.stroke();
        ctx.font = "bold 11px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
        ctx.lineWidth = 3; ctx.strokeStyle = "#000000"; ctx.strokeText(String(c.n), c.x, c.y);
        ctx.fillStyle = "#ffffff"; ctx.fillText(String(c.n), c.x, c.y);
      });
      this._cells = cells; this._grid = new Map(); this._areas = [];
      this._report(drawn, "aggregated");
    },

    _canvasPoint: function (e) { return e.containerPoint.add(this._pad); },

    _hits: function (p) {
      var o = this.options, best = Infinity, found = [], gx = Math.floor(p.x / 16), gy = Math.floor(p.y / 16);
      for (var dx = -1; dx <= 1; dx++) for (var dy = -1; dy <= 1; dy++) {
        var bucket = this._grid.get((gx + dx) * 65536 + gy + dy) || [];
        for (var k = 0; k < bucket.length; k++) {
          var i = bucket[k], dist = Math.hypot(this._px[i] - p.x, this._py[i] - p.y);
          if (dist <= o.hit) { found.push([dist, i]); best = Math.min(best, dist); }
        }
      }
      found = found.filter(function (f) { return f[0] <= best + 2; }).map(function (f) { return f[1]; });
      if (found.length) return found;
      var inside = [];
      for (var a = 0; a < this._areas.length; a += 2) {
        var j = this._areas[a];
        if (Math.hypot(this._px[j] - p.x, this._py[j] - p.y) <= this._areas[a + 1]) inside.push([this._areas[a + 1], j]);
      }
      inside.sort(function (u, v) { return u[0] - v[0]; });
      return inside.map(function (f) { return f[1]; });
    },

    _cellAt: function (p) {
      if (!this._cells) return null;
      var size = this.options.cell;
      return this._cells.get(Math.floor(p.x / size) * 65536 + Math.floor(p.y / size)) || null;
    },

    _cellText: function (c) {
      var d = this._d, parts = [];
      for (var s in c.by) parts.push(d.sponsors[s][0] + " " + c.by[s]);
      return "<b>" + c.n + " events</b><br>" + parts.join(", ") + "<br><i>click to zoom in</i>";
    },

    tooltipHtml: function (i) {
      var d = this._d, t = this._text;
      return "<b>" + d.types[d.type[i]][0] + "</b> · " + d.sponsors[d.sponsor[i]][0] + "<br>" + t.place(i) + " · " + t.dates(i);
    },

    popupHtml: function (i) {
      var d = this._d, t = this._text, url = t.source_url(i), rows = [];
      var place = t.place(i) + (d.estimated[i] ? " <i>(estimated location)</i>" : "");
      var source = url ? '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + (t.source(i) || url) + "</a>" : t.source(i);
      var fields = [["Dates", t.dates(i)], ["Place", place], ["Sponsor", d.sponsors[d.sponsor[i]][0]], ["Actor", t.actor(i)],
        ["Type", d.types[d.type[i]][0]], ["Count", t.count(i)], ["Confidence", d.confidences[d.confidence[i]][0]],
        ["Source", source]];
      for (var k = 0; k < fields.length; k++) if (fields[k][1]) rows.push("<tr><th>" + fields[k][0] + "</th><td>" + fields[k][1] + "</td></tr>");
      return '<div class="event-popup"><table>' + rows.join("") + "</table><p>" + t.description(i) + "</p></div>";
    },

    _onClick: function (e) {
      var p = this._canvasPoint(e), cell = this._cellAt(p);
      if (cell) { this._map.setView(this._map.containerPointToLatLng(L.point(cell.x, cell.y).subtract(this._pad)), this._map.getZoom() + 2); return; }
      var hits = this._hits(p);
      if (!hits.length) return;
      var self = this;
      this._withText(function () {
        var shown = hits.slice(0, 5).map(function (i) { return self.popupHtml(i); });
        if (hits.length > 5) shown.push("<p>… and " + (hits.length - 5) + " more here; zoom in.</p>");
        L.popup({ maxWidth: 360, maxHeight: 320 }).setLatLng([self._d.lat[hits[0]], self._d.lon[hits[0]]])
          .setContent(shown.join("<hr>")).openOn(self._map);
      });
    },

    _onMove: function (e) {
      var p = this._canvasPoint(e), cell = this._cellAt(p), hits = cell ? [] : this._hits(p), html = null;
      if (hits.length && !this._text) { this._withText(this._onMove.bind(this, e)); return; }
      if (cell) html = this._cellText(cell);
      else if (hits.length) html = this.tooltipHtml(hits[0]) + (hits.length > 1 ? "<br>+" + (hits.length - 1) + " more" : "");
      this._map.getContainer().style.cursor = html ? "pointer" : "";
      if (!html) { if (this._tip) this._map.closeTooltip(this._tip); return; }
      if (!this._tip) this._tip = L.tooltip({ direction: "top", offset: [0, -8] });
      this._tip.setLatLng(e.latlng).setContent(html);
      this._map.openTooltip(this._tip);
    },

    /** Test hook: the canvas pixel [r, g, b, a] at a latitude/longitude. */
    sample: function (lat, lon) {
      var p = this._map.latLngToContainerPoint([lat, lon]).add(this._pad), dpr = window.devicePixelRatio || 1;
      return Array.from(this._canvas.getContext("2d").getImageData(Math.round(p.x * dpr), Math.round(p.y * dpr), 1, 1).data);
    }
  });
})();
