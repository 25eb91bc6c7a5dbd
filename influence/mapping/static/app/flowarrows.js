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

    _build: function (data) {
      this._data = data;
      this._lines = [];
      for (var k = 0; k < data.flows.length; k++) {
        var f = data.flows[k];
        var line = L.polyline([], {
          pane: this.options.pane, color: data.colours[f[4]], weight: f[5], opacity: 0.8, lineCap: "round"
        });
        line.on("click", this._click(k), this);
        line.on("mousemove", this._hover(k), this);
        line.on("mouseout", this._leave, this);
        this._lines.push(line);
      }
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
        L.popup().setLatLng(e.latlng).setContent(this._data.labels[k]).openOn(this._map);
      };
    },

    _hover: function (k) {
      return function (e) {
        var events = this._events(e);
        if (events) { this._leave(); events._onMove(e); return; }
        if (!this._tip) this._tip = L.tooltip({ sticky: true, direction: "top", offset: [0, -6] });
        this._tip.setLatLng(e.latlng).setContent(this._data.labels[k]);
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
      var keep = {};
      near.slice(0, this.options.maxOnScreen).forEach(function (j) { keep[j] = true; });
      for (k = 0; k < this._lines.length; k++) {
        if (keep[k] && !this.hasLayer(this._lines[k])) this.addLayer(this._lines[k]);
        else if (!keep[k] && this.hasLayer(this._lines[k])) this.removeLayer(this._lines[k]);
      }
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
      for (var k = 0; k < this._lines.length; k++) {
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
