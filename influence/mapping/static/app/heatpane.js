/* Leaflet.heat draws into the overlay pane, where the offline land fill and the influence shading sit too,
 * and was hidden under them. This puts its canvas in its own pane: above the land and the shading, below
 * the flows (420) and the events (450), on every basemap. Hand-written: Leaflet.heat has no pane option. */
(function () {
  "use strict";
  var add = L.HeatLayer.prototype.onAdd;
  L.HeatLayer.include({
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
