/* How the events canvas (eventcanvas.js) draws and answers the mouse. Hand-written for the same reason as
 * the canvas: Leaflet.markercluster makes one DOM marker per event (tens of microseconds each, seconds at
 * 17,000) and cannot draw from column arrays; its spiderfier's geometry is borrowed below.
 *  - Events sharing one point are one mark (a pie of their sponsors) with their count; a click spreads a
 *    small stack out around the point (each event then clickable) or lists a large one in one scrollable popup.
 *  - Where the screen is crowded (the marks of two or more points in a CELL-pixel square of the world grid
 *    would take more room than CROWDED single marks) the square is drawn as one aggregate pie with its
 *    count; elsewhere every mark is drawn. So aggregation follows what is on screen, not a number of events.
 *  - Marks are outlined in a darker shade of their own colour: at thousands of marks white outlines merge
 *    into white blobs that hide the sponsors.
 * Test hook: marks() describes what was drawn (stacks and aggregates with their counts); the map container's
 * data-events-stacks holds the number of stacks drawn. */
(function () {
  "use strict";
  var TAU = Math.PI * 2;
  var CELL = 56; // crowding grid in world pixels at the current zoom: fixed to the world, so a pan never regroups
  var CROWDED = 14; // room taken in one cell (in single marks' discs) above which the cell becomes one aggregate
  var SPREAD_MAX = 20; // a stack of up to this many spreads out on click; a larger one is listed in a popup
  var HIT = 9; // pixels around a point mark that count as a click on it

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

  // the sponsor's colour at 60% brightness: an outline that separates marks without hiding their colour
  function darker(hex) {
    var v = parseInt(hex.slice(1), 16), f = 0.6;
    var r = Math.round(((v >> 16) & 255) * f), g = Math.round(((v >> 8) & 255) * f), b = Math.round((v & 255) * f);
    return "#" + ((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1);
  }

  // after Leaflet.markercluster's spiderfier: a circle for a few, a spiral for more (offsets in pixels)
  function spreadOffsets(count) {
    var out = [], k, angle, leg;
    if (count < 9) {
      leg = Math.max(35, (25 * (2 + count)) / TAU);
      for (k = 0; k < count; k++) { angle = (k * TAU) / count; out.push([leg * Math.cos(angle), leg * Math.sin(angle)]); }
      return out;
    }
    leg = 11; angle = 0;
    for (k = count; k >= 0; k--) {
      if (k < count) out[k] = [leg * Math.cos(angle), leg * Math.sin(angle)];
      angle += 28 / leg + k * 0.0005;
      leg += (5 * TAU) / angle;
    }
    return out;
  }

  function pie(ctx, d, x, y, r, by, n) {
    var start = -Math.PI / 2, s, end;
    for (s in by) {
      end = start + (TAU * by[s]) / n;
      ctx.beginPath(); ctx.moveTo(x, y); ctx.arc(x, y, r, start, end); ctx.closePath();
      ctx.fillStyle = d.sponsors[s][1]; ctx.fill();
      start = end;
    }
  }

  function label(ctx, text, x, y) {
    ctx.font = "bold 11px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.lineWidth = 3; ctx.strokeStyle = "rgba(0,0,0,0.8)"; ctx.strokeText(text, x, y);
    ctx.fillStyle = "#ffffff"; ctx.fillText(text, x, y);
  }

  function stackRadius(n) { return Math.min(15, 7 + 2.2 * Math.log2(n)); }

  function majority(by) {
    var best = null, s;
    for (s in by) if (best === null || by[s] > by[best]) best = s;
    return best;
  }

  L.EventCanvas.include({
    // a number per distinct coordinate, so events on one point are found without comparing floats again
    _locationIds: function () {
      if (this._loc) return this._loc;
      var d = this._d, n = this._n, ids = new Int32Array(n), seen = new Map(), i, key, id;
      for (i = 0; i < n; i++) {
        key = Math.round((d.lat[i] + 90) * 1e5) * 4e7 + Math.round((d.lon[i] + 180) * 1e5);
        id = seen.get(key);
        if (id === undefined) { id = seen.size; seen.set(key, id); }
        ids[i] = id;
      }
      this._loc = ids; this._locCount = seen.size;
      return ids;
    },

    // draw order: areas first, then points grouped by style so each style is one fill. A counting sort on
    // the style number: stable, linear, and with no limit on the number of events (a packed float key
    // style * 2^20 + index wrapped above 1,048,576 events)
    _drawOrder: function () {
      if (this._order) return this._order;
      var d = this._d, n = this._n, i;
      var nc = d.confidences.length, ns = d.sponsors.length, nt = d.types.length;
      var style = new Int32Array(n), counts = new Int32Array(2 * nc * ns * nt + 1), order = new Int32Array(n);
      for (i = 0; i < n; i++) {
        var area = d.precisions[d.precision[i]][1] > 0 ? 0 : 1;
        style[i] = ((area * nc + d.confidence[i]) * ns + d.sponsor[i]) * nt + d.type[i];
        counts[style[i] + 1]++;
      }
      for (i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
      for (i = 0; i < n; i++) order[counts[style[i]]++] = i;
      var rank = new Int32Array(n);
      for (i = 0; i < n; i++) rank[order[i]] = i;
      this._order = order; this._rank = rank; this._style = style;
      return order;
    },

    _draw: function (ctx, visible, metresPerPixel) {
      var d = this._d, map = this._map, px = this._px, py = this._py, loc = this._locationIds();
      this._drawOrder();
      var origin = map.project(this._topLeft, map.getZoom()).round();
      var crowding = map.getZoom() < map.getMaxZoom(), k, i, key;
      // 1. events per point, then per world cell the room its marks take (a stack's disc counts by its area)
      var seen = new Map(), perLoc = new Map(), perCell = new Map(), room = this.options.radius * this.options.radius;
      for (k = 0; k < visible.length; k++) {
        i = visible[k];
        perLoc.set(loc[i], (perLoc.get(loc[i]) || 0) + 1);
        if (seen.has(loc[i])) continue;
        seen.set(loc[i], Math.floor((px[i] + origin.x) / CELL) * 1e6 + Math.floor((py[i] + origin.y) / CELL));
      }
      seen.forEach(function (cellKey, l) {
        var n = perLoc.get(l), r = n > 1 ? stackRadius(n) : Math.sqrt(room), c = perCell.get(cellKey);
        if (!c) { c = { marks: 0, load: 0 }; perCell.set(cellKey, c); }
        c.marks++; c.load += (r * r) / room;
      });
      perCell.forEach(function (c, cellKey) { perCell.set(cellKey, c.marks > 1 && c.load > CROWDED); });
      // 2. events into aggregate cells (crowded squares) or marks (one per point)
      var cells = new Map(), marks = [], byLoc = new Map(), drawn = 0, cell, mark;
      for (k = 0; k < visible.length; k++) {
        i = visible[k]; key = seen.get(loc[i]);
        if (crowding && perCell.get(key)) {
          cell = cells.get(key);
          if (!cell) { cell = { n: 0, x: 0, y: 0, by: {} }; cells.set(key, cell); }
          cell.n++; cell.x += px[i]; cell.y += py[i]; cell.by[d.sponsor[i]] = (cell.by[d.sponsor[i]] || 0) + 1;
          continue;
        }
        mark = byLoc.get(loc[i]);
        if (!mark) { mark = { x: px[i], y: py[i], events: [], by: {}, area: 0, r: 0 }; byLoc.set(loc[i], mark); marks.push(mark); }
        mark.events.push(i); mark.by[d.sponsor[i]] = (mark.by[d.sponsor[i]] || 0) + 1;
        var km = d.precisions[d.precision[i]][1];
        if (km > 0) mark.area = Math.max(mark.area, Math.max(4, (km * 1000) / (metresPerPixel * Math.cos((d.lat[i] * Math.PI) / 180))));
      }
      var rank = this._rank, singles = [], stacks = [];
      for (k = 0; k < marks.length; k++) {
        mark = marks[k]; drawn += mark.events.length;
        if (mark.events.length === 1) { mark.r = this.options.radius; singles.push(mark.events[0]); }
        else { mark.r = stackRadius(mark.events.length); stacks.push(mark); }
      }
      // 3. areas (dashed rings), single points by style, stacks, aggregates, then a spread stack on top
      this._drawAreas(ctx, marks);
      singles.sort(function (a, b) { return rank[a] - rank[b]; });
      this._drawSingles(ctx, singles);
      for (k = 0; k < stacks.length; k++) this._drawStack(ctx, stacks[k]);
      var list = [];
      cells.forEach(function (c) { c.x /= c.n; c.y /= c.n; c.r = Math.min(CELL / 2 - 2, 10 + 4 * Math.log10(c.n)); drawn += c.n; list.push(c); });
      for (k = 0; k < list.length; k++) this._drawCell(ctx, list[k]);
      this._marks = marks; this._cellList = list; this._stacks = stacks;
      this._drawSpread(ctx, byLoc);
      var mode = list.length === 0 ? "points" : marks.length === 0 ? "aggregated" : "mixed";
      this._report(drawn, mode);
      var box = map.getContainer();
      box.dataset.eventsStacks = String(stacks.length);
      box.dataset.eventsCells = String(list.length);
      this._announce(visible);
    },

    // which sponsors, types, confidences and precisions were drawn in view: the legend lists only those
    _announce: function (visible) {
      var d = this._d, present = {}, columns = { sponsor: "sponsors", type: "types", confidence: "confidences", precision: "precisions" };
      for (var name in columns) {
        var seen = new Uint8Array(d[columns[name]].length), codes = d[name], k;
        for (k = 0; k < visible.length; k++) seen[codes[visible[k]]] = 1;
        present[name] = [];
        for (k = 0; k < seen.length; k++) if (seen[k]) present[name].push(k);
      }
      this._map._eventsPresent = present;
      this._map.fire("eventsdrawn", { present: present });
    },

    _drawAreas: function (ctx, marks) {
      var d = this._d;
      ctx.lineWidth = 1;
      for (var k = 0; k < marks.length; k++) {
        var m = marks[k];
        if (!m.area) continue;
        var i = m.events[0], s = m.events.length > 1 ? majority(m.by) : d.sponsor[i];
        var colour = d.sponsors[s][1], opacity = d.confidences[d.confidence[i]][1];
        ctx.beginPath(); ctx.arc(m.x, m.y, m.area, 0, TAU);
        ctx.globalAlpha = opacity * 0.22; ctx.fillStyle = colour; ctx.fill();
        ctx.globalAlpha = opacity; ctx.strokeStyle = colour; ctx.setLineDash([4, 3]); ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.globalAlpha = 1;
    },

    _drawSingles: function (ctx, singles) {
      var d = this._d, px = this._px, py = this._py, styles = this._style, style = -1, r = this.options.radius;
      ctx.lineWidth = 1;
      for (var k = 0; k < singles.length; k++) {
        var i = singles[k];
        if (d.precisions[d.precision[i]][1] > 0) continue; // an area: its ring is drawn already
        if (styles[i] !== style) {
          if (style >= 0) { ctx.fill(); ctx.stroke(); }
          style = styles[i];
          var colour = d.sponsors[d.sponsor[i]][1];
          ctx.beginPath(); ctx.globalAlpha = d.confidences[d.confidence[i]][1];
          ctx.fillStyle = colour; ctx.strokeStyle = darker(colour);
        }
        shapePath(ctx, d.types[d.type[i]][1], px[i], py[i], r);
      }
      if (style >= 0) { ctx.fill(); ctx.stroke(); }
      ctx.globalAlpha = 1;
    },

    _drawStack: function (ctx, m) {
      var spread = this._spread && this._spread.loc === this._loc[m.events[0]];
      ctx.globalAlpha = spread ? 0.35 : 0.95;
      pie(ctx, this._d, m.x, m.y, m.r, m.by, m.events.length);
      ctx.globalAlpha = 1; ctx.lineWidth = 1.2; ctx.strokeStyle = "rgba(0,0,0,0.55)";
      ctx.beginPath(); ctx.arc(m.x, m.y, m.r, 0, TAU); ctx.stroke();
      label(ctx, String(m.events.length), m.x, m.y);
    },

    _drawCell: function (ctx, c) {
      // a faint ring around the pie tells an aggregate of many points from a stack on one point
      ctx.globalAlpha = 0.3; ctx.fillStyle = "#333333";
      ctx.beginPath(); ctx.arc(c.x, c.y, c.r + 4, 0, TAU); ctx.fill();
      ctx.globalAlpha = 0.85; pie(ctx, this._d, c.x, c.y, c.r, c.by, c.n);
      ctx.globalAlpha = 1;
      label(ctx, String(c.n), c.x, c.y);
    },

    // a spread stack: each event on a leg around the point, drawn last so nothing covers it
    _drawSpread: function (ctx, byLoc) {
      var s = this._spread;
      if (!s) return;
      var m = byLoc.get(s.loc);
      if (!m || m.events.length !== s.count) { this._spread = null; return; }
      s.mark = m; s.items = [];
      var d = this._d, offsets = spreadOffsets(m.events.length), r = this.options.radius, k;
      ctx.lineWidth = 1.5; ctx.strokeStyle = "rgba(34,34,34,0.6)"; ctx.beginPath();
      for (k = 0; k < offsets.length; k++) { ctx.moveTo(m.x, m.y); ctx.lineTo(m.x + offsets[k][0], m.y + offsets[k][1]); }
      ctx.stroke();
      ctx.lineWidth = 1;
      for (k = 0; k < m.events.length; k++) {
        var i = m.events[k], x = m.x + offsets[k][0], y = m.y + offsets[k][1], colour = d.sponsors[d.sponsor[i]][1];
        ctx.globalAlpha = Math.max(0.6, d.confidences[d.confidence[i]][1]);
        ctx.fillStyle = colour; ctx.strokeStyle = darker(colour);
        ctx.beginPath(); shapePath(ctx, d.types[d.type[i]][1], x, y, r + 1); ctx.fill(); ctx.stroke();
        s.items.push([i, x, y]);
      }
      ctx.globalAlpha = 1;
    },

    _canvasPoint: function (e) { return e.containerPoint.add(this._pad); },

    // what is under canvas point p: {item} of a spread stack, {cell}, or {mark} (the nearest, merged with
    // marks drawn on top of each other), or null
    _pick: function (p) {
      var s = this._spread, k, best = Infinity, found = [], dist;
      if (s && s.items) {
        for (k = 0; k < s.items.length; k++) {
          dist = Math.hypot(s.items[k][1] - p.x, s.items[k][2] - p.y);
          if (dist <= HIT && dist < best) { best = dist; found = [s.items[k][0]]; }
        }
        if (found.length) return { item: found[0] };
      }
      var cells = this._cellList || [];
      for (k = 0; k < cells.length; k++) if (Math.hypot(cells[k].x - p.x, cells[k].y - p.y) <= cells[k].r + 4) return { cell: cells[k] };
      var marks = this._marks || [];
      for (k = 0; k < marks.length; k++) {
        dist = Math.hypot(marks[k].x - p.x, marks[k].y - p.y);
        if (dist <= Math.max(HIT, marks[k].r)) { found.push([dist, marks[k]]); best = Math.min(best, dist); }
      }
      found = found.filter(function (f) { return f[0] <= best + 2; });
      if (found.length === 1) return { mark: found[0][1] };
      if (found.length > 1) {
        // marks on nearly the same pixel act as one stack, so the one below stays reachable
        var merged = { x: found[0][1].x, y: found[0][1].y, events: [], by: {}, r: 0, merged: true };
        found.forEach(function (f) {
          merged.events = merged.events.concat(f[1].events);
          for (var sp in f[1].by) merged.by[sp] = (merged.by[sp] || 0) + f[1].by[sp];
        });
        return { mark: merged };
      }
      var inside = null;
      for (k = 0; k < marks.length; k++) {
        if (marks[k].area && Math.hypot(marks[k].x - p.x, marks[k].y - p.y) <= marks[k].area && (!inside || marks[k].area < inside.area)) inside = marks[k];
      }
      return inside ? { mark: inside } : null;
    },

    /** True when the events layer has something under the mouse event e (the flows yield to it). */
    claims: function (e) { return !!this._map && this._pick(this._canvasPoint(e)) !== null; },

    _sponsorSummary: function (by) {
      var d = this._d, parts = [];
      for (var s in by) parts.push(d.sponsors[s][0] + " " + by[s]);
      return parts.join(", ");
    },

    _onClick: function (e) {
      var hit = this._pick(this._canvasPoint(e)), self = this;
      if (this._spread && !(hit && hit.item !== undefined)) { this._spread = null; this._redraw(); hit = this._pick(this._canvasPoint(e)); }
      if (!hit) return;
      if (hit.cell) {
        var centre = this._map.containerPointToLatLng(L.point(hit.cell.x, hit.cell.y).subtract(this._pad));
        this._map.setView(centre, Math.min(this._map.getMaxZoom(), this._map.getZoom() + 2));
        return;
      }
      var events = hit.item !== undefined ? [hit.item] : hit.mark.events;
      if (events.length > 1 && events.length <= SPREAD_MAX && !hit.mark.merged) {
        this._spread = { loc: this._loc[events[0]], count: events.length };
        this._redraw();
        return;
      }
      var at = hit.item !== undefined ? e.latlng : [this._d.lat[events[0]], this._d.lon[events[0]]];
      this._withText(function () {
        L.popup({ maxWidth: 380, maxHeight: 340, className: "events-popup" }).setLatLng(at)
          .setContent(events.length === 1 ? self.popupHtml(events[0]) : self.listHtml(events, hit.mark.by))
          .openOn(self._map);
      });
    },

    /** Every event of a stack in one scrollable list, newest first. */
    listHtml: function (events, by) {
      var t = this._text, self = this, sorted = events.slice().sort(function (a, b) {
        var u = t.dates(a), v = t.dates(b);
        return u < v ? 1 : u > v ? -1 : a - b;
      });
      var head = '<p class="events-list-head"><b>' + events.length + " events here</b>: " + this._sponsorSummary(by) + "</p>";
      return '<div class="events-list" data-count="' + events.length + '">' + head +
        sorted.map(function (i) { return self.popupHtml(i); }).join("<hr>") + "</div>";
    },

    _onMove: function (e) {
      var hit = this._pick(this._canvasPoint(e)), html = null;
      var needsText = hit && (hit.item !== undefined || (hit.mark && hit.mark.events.length === 1));
      if (needsText && !this._text) { this._withText(this._onMove.bind(this, e)); return; }
      if (hit && hit.cell) html = "<b>" + hit.cell.n + " events</b><br>" + this._sponsorSummary(hit.cell.by) + "<br><i>click to zoom in</i>";
      else if (hit && hit.item !== undefined) html = this.tooltipHtml(hit.item);
      else if (hit && hit.mark.events.length === 1) html = this.tooltipHtml(hit.mark.events[0]);
      else if (hit) {
        var n = hit.mark.events.length;
        html = "<b>" + n + " events here</b><br>" + this._sponsorSummary(hit.mark.by) + "<br><i>click to " +
          (n <= SPREAD_MAX && !hit.mark.merged ? "spread them out" : "list them") + "</i>";
      }
      this._map.getContainer().style.cursor = html ? "pointer" : "";
      if (!html) { if (this._tip) this._map.closeTooltip(this._tip); return; }
      if (!this._tip) this._tip = L.tooltip({ direction: "top", offset: [0, -8] });
      this._tip.setLatLng(e.latlng).setContent(html);
      this._map.openTooltip(this._tip);
    },

    /** Test hook: what the last draw showed (stacks and aggregates at lat/lon with counts and sponsors). */
    marks: function () {
      var map = this._map, pad = this._pad, d = this._d;
      function where(x, y) { var ll = map.containerPointToLatLng(L.point(x, y).subtract(pad)); return [ll.lat, ll.lng]; }
      function names(by) { var o = {}; for (var s in by) o[d.sponsors[s][0]] = by[s]; return o; }
      return {
        marks: (this._marks || []).length,
        stacks: (this._stacks || []).map(function (m) { return { at: [d.lat[m.events[0]], d.lon[m.events[0]]], n: m.events.length, by: names(m.by) }; }),
        cells: (this._cellList || []).map(function (c) { return { at: where(c.x, c.y), n: c.n, by: names(c.by) }; }),
        spread: this._spread && this._spread.items ? this._spread.items.map(function (it) { return { at: where(it[1], it[2]), sponsor: d.sponsors[d.sponsor[it[0]]][0] }; }) : []
      };
    }
  });
})();
