/* Leaflet.heat draws into the overlay pane, where the offline land fill and the influence shading sit too,
 * and was hidden under them. This puts its canvas in its own pane: above the land and the shading, below
 * the flows (420) and the events (450), on every basemap. Hand-written: Leaflet.heat has no pane option.
 * Test hook: data-heat-drawn on the map container, the points the heat last drew. */
(function () {
  "use strict";
  var add = L.HeatLayer.prototype.onAdd, redraw = L.HeatLayer.prototype._redraw;
  L.HeatLayer.include({
    // test hook: the map container's data-heat-drawn holds the number of points the last draw had
    _redraw: function () {
      redraw.call(this);
      if (this._map) this._map.getContainer().dataset.heatDrawn = String(this._latlngs.length);
    },
    onAdd: function (map) {
      add.call(this, map);
      var pane = map.getPane("densityPane");
      if (!pane) { pane = map.createPane("densityPane"); pane.style.zIndex = "410"; pane.style.pointerEvents = "none"; }
      pane.appendChild(this._canvas);
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend", this._reset, this);
      if (map.options.zoomAnimation) map.off("zoomanim", this._animateZoom, this);
    }
  });
})();
