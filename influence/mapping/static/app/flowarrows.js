/* Directed flow lines with arrow heads (hand-written: Leaflet has no arrows and the polyline-decorator
 * plugin makes a marker per arrow; here each flow is one SVG polyline whose head is re-shaped in
 * screen pixels on every zoom). Text arrives HTML-escaped from Python.
 * Legible at thousands: after every pan and zoom only the `maxOnScreen` heaviest flows touching the view are
 * drawn (weight: people, or links bundled into one line), and the legend's .flows-note says how many of how
 * many. A click or hover over an event mark goes to the events layer, never to a flow passing under it.
 * Test hook: the map container's data-flows-drawn / data-flows-in-view hold the numbers drawn and in view. */
(function () {
  "use strict";
  L.FlowArrows = L.FeatureGroup.extend({
    options: { head: 9, shorten: 8, pane: "flowsPane", maxOnScreen: 30 },

    initialize: function (data, options) {
      L.setOptions(this, options);
      L.FeatureGroup.prototype.initialize.call(this, []);
      this._build(data);
    },

    /** Live map: the flows of a new state replace the old ones in place. */
    setState: function (data) {
      this.clearLayers();
      this._build(data);
      if (this._map) this._choose();
    },

    // a line is made only while it is drawn (at most maxOnScreen): a state holds thousands of flows
    _build: function (data) {
      this._data = data;
      this._lines = {};
    },

    _line: function (k) {
      if (this._lines[k]) return this._lines[k];
      var f = this._data.flows[k];
      var line = L.polyline([], {
        pane: this.options.pane, color: this._data.colours[f[4]], weight: f[5], opacity: 0.8, lineCap: "round"
      });
      line.on("click", this._click(k), this);
      line.on("mousemove", this._hover(k), this);
      line.on("mouseout", this._leave, this);
      this._lines[k] = line;
      return line;
    },

    // the popup of line k from its parts (layers/flows.py encode): every text in the table is escaped in
    // Python; only numbers and fixed markup are added here
    _label: function (k) {
      var part = this._data.labels[k], text = this._data.texts, counted = [];
      if (part[6] > 1) counted.push(part[6] + " links");
      if (part[7] >= 0) counted.push(part[7] + " people");
      return "<b>" + text[part[0]] + "</b><br>" + text[part[1]] + " \u2192 " + text[part[2]] + "<br>" + text[part[3]] +
        (counted.length ? ", " + counted.join(", ") : "") + "<br>" + text[part[4]] + " \u2192 " + text[part[5]];
    },

    // the events layer on the same map, when it has a mark under the mouse: then it answers, not the flow
    _events: function (e) {
      var events = window.__eventsLayer;
      return events && events._map === this._map && events.claims(e) ? events : null;
    },

    _click: function (k) {
      return function (e) {
        var events = this._events(e);
        if (events) { events._onClick(e); return; }
        L.popup().setLatLng(e.latlng).setContent(this._label(k)).openOn(this._map);
      };
    },

    _hover: function (k) {
      return function (e) {
        var events = this._events(e);
        if (events) { this._leave(); events._onMove(e); return; }
        if (!this._tip) this._tip = L.tooltip({ sticky: true, direction: "top", offset: [0, -6] });
        this._tip.setLatLng(e.latlng).setContent(this._label(k));
        this._map.openTooltip(this._tip);
      };
    },

    _leave: function () { if (this._tip && this._map) this._map.closeTooltip(this._tip); },

    onAdd: function (map) {
      // SVG in its own pane: only the lines take the mouse, so shapes below keep their tooltips
      var pane = map.getPane(this.options.pane);
      if (!pane) { pane = map.createPane(this.options.pane); pane.style.zIndex = "420"; pane.style.pointerEvents = "none"; }
      L.FeatureGroup.prototype.onAdd.call(this, map);
      this._choose();
      map.on("moveend", this._choose, this);
    },

    onRemove: function (map) {
      map.off("moveend", this._choose, this);
      this._leave();
      L.FeatureGroup.prototype.onRemove.call(this, map);
      map.getContainer().dataset.flowsDrawn = "0";
      this._note("");
    },

    // the heaviest flows touching the view, at most maxOnScreen of them; the rest leave the map until a
    // pan or zoom brings them among the heaviest
    _choose: function () {
      var map = this._map, view = map.getBounds().pad(0.1), flows = this._data.flows, near = [], k;
      for (k = 0; k < flows.length; k++) {
        var f = flows[k];
        if (view.intersects(L.latLngBounds([f[0], f[1]], [f[2], f[3]]))) near.push(k);
      }
      near.sort(function (a, b) { return (flows[b][6] || flows[b][5]) - (flows[a][6] || flows[a][5]) || a - b; });
      var keep = {}, self = this;
      near.slice(0, this.options.maxOnScreen).forEach(function (j) { keep[j] = true; });
      Object.keys(this._lines).forEach(function (key) {
        if (!keep[key]) { self.removeLayer(self._lines[key]); delete self._lines[key]; }
      });
      Object.keys(keep).forEach(function (key) {
        var line = self._line(Number(key));
        if (!self.hasLayer(line)) self.addLayer(line);
      });
      this._shape();
      var shown = Math.min(near.length, this.options.maxOnScreen), box = map.getContainer();
      box.dataset.flowsDrawn = String(shown); box.dataset.flowsInView = String(near.length);
      this._note(near.length > shown ? "the " + shown + " heaviest of " + near.length + " flows in view" : "");
    },

    _note: function (text) {
      var box = this._map && this._map.getContainer().querySelector(".flows-note");
      if (box) box.textContent = text;
    },

    // arrow heads keep a constant pixel size, so they are rebuilt for the current zoom
    _shape: function () {
      var map = this._map || this._mapToAdd, o = this.options, zoom = map.getZoom();
      for (var key in this._lines) {
        var k = Number(key);
        if (!this.hasLayer(this._lines[k])) continue;
        var f = this._data.flows[k];
        var a = map.project([f[0], f[1]], zoom), b = map.project([f[2], f[3]], zoom);
        var d = b.subtract(a), len = Math.sqrt(d.x * d.x + d.y * d.y);
        if (len < 1) { this._lines[k].setLatLngs([]); continue; }
        var u = d.divideBy(len), n = L.point(-u.y, u.x);
        var tip = b.subtract(u.multiplyBy(Math.min(o.shorten, len / 3)));
        var head = o.head + f[5];
        var back = tip.subtract(u.multiplyBy(head));
        var left = back.add(n.multiplyBy(head * 0.5)), right = back.subtract(n.multiplyBy(head * 0.5));
        var ll = function (p) { return map.unproject(p, zoom); };
        this._lines[k].setLatLngs([[ll(a), ll(tip)], [ll(left), ll(tip), ll(right)]]);
      }
    }
  });
})();
