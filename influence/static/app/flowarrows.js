/* Directed flow lines with arrow heads (hand-written: Leaflet has no arrows and the polyline-decorator
 * plugin makes a marker per arrow; here each flow is one SVG polyline whose head is re-shaped in
 * screen pixels on every zoom). Text arrives HTML-escaped from Python. Test hook: the map container's
 * data-flows-drawn holds the number of flows drawn. */
(function () {
  "use strict";
  L.FlowArrows = L.FeatureGroup.extend({
    options: { head: 9, shorten: 8, pane: "flowsPane" },

    initialize: function (data, options) {
      L.setOptions(this, options);
      L.FeatureGroup.prototype.initialize.call(this, []);
      this._data = data;
      this._lines = [];
      for (var k = 0; k < data.flows.length; k++) {
        var f = data.flows[k];
        var line = L.polyline([], {
          pane: this.options.pane, color: data.colours[f[4]], weight: f[5], opacity: 0.85, lineCap: "round"
        });
        line.bindTooltip(data.labels[k], { sticky: true });
        line.bindPopup(data.labels[k]);
        this._lines.push(line);
        this.addLayer(line);
      }
    },

    onAdd: function (map) {
      // SVG in its own pane: only the lines take the mouse, so shapes below keep their tooltips
      var pane = map.getPane(this.options.pane);
      if (!pane) { pane = map.createPane(this.options.pane); pane.style.zIndex = "420"; pane.style.pointerEvents = "none"; }
      this._shape();
      L.FeatureGroup.prototype.onAdd.call(this, map);
      map.on("zoomend", this._shape, this);
      map.getContainer().dataset.flowsDrawn = String(this._lines.length);
    },

    onRemove: function (map) {
      map.off("zoomend", this._shape, this);
      L.FeatureGroup.prototype.onRemove.call(this, map);
      map.getContainer().dataset.flowsDrawn = "0";
    },

    // arrow heads keep a constant pixel size, so they are rebuilt for the current zoom
    _shape: function () {
      var map = this._map || this._mapToAdd, o = this.options, zoom = map.getZoom();
      for (var k = 0; k < this._lines.length; k++) {
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
