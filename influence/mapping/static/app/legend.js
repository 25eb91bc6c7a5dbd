/* The legend as a collapsible Leaflet control that lists only what is on the map (hand-written: no plugin
 * knows what a canvas layer drew). Rows carry data-legend="sponsor:<code>" (type:, confidence:,
 * precision:), sections data-layer="<registry key>"; after every draw the events canvas fires "eventsdrawn"
 * with the codes it drew in view, and rows not among them are hidden. Sections follow the layers on the map.
 * Folded on a narrow map (and unfolded when it widens, until the analyst folds or opens it), so the data
 * stays visible at 800 px.
 * Test hook: every hidden row has the attribute hidden; the legend box is .map-legend. */
(function () {
  "use strict";
  L.Control.MapLegend = L.Control.extend({
    options: { position: "bottomright", html: "", layers: {}, collapseBelow: 640 },

    onAdd: function (map) {
      var box = L.DomUtil.create("div", "legend-control");
      box.innerHTML = this.options.html;
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var details = box.querySelector("details");
      this._box = box;
      this._details = details;
      // folded or not by the map's width, again on every resize until the analyst opens or folds it: inside
      // the live map the document can start before its frame has its width (a wide map then started folded)
      this._auto = true;
      if (details) {
        details.querySelector("summary").addEventListener("click", L.bind(function () { this._auto = false; }, this));
        this._fit();
        map.on("resize", this._fit, this);
      }
      map.on("eventsdrawn", this._drawn, this);
      map.on("overlayadd overlayremove layeradd layerremove", this._sections, this);
      this._present = map._eventsPresent || null;
      var self = this;
      // after the other layers have been added in this same script
      setTimeout(function () { self._sections(); }, 0);
      return box;
    },

    _fit: function () {
      var size = this._map ? this._map.getSize() : null;
      if (!this._auto || !size || !size.x) return;
      this._details.open = size.x >= this.options.collapseBelow;
    },

    onRemove: function (map) {
      map.off("resize", this._fit, this);
      map.off("eventsdrawn", this._drawn, this);
      map.off("overlayadd overlayremove layeradd layerremove", this._sections, this);
    },

    _drawn: function (e) { this._present = e.present; this._rows(); },

    _on: function (key) {
      var layer = this.options.layers[key];
      return !!(layer && this._map && this._map.hasLayer(layer));
    },

    _sections: function () {
      if (!this._map) return;
      var self = this;
      this._box.querySelectorAll("[data-layer]").forEach(function (section) {
        var keys = section.getAttribute("data-layer").split(" ");
        section.hidden = !keys.some(function (key) { return self._on(key); });
      });
      this._rows();
    },

    // rows of the events' vocabularies: only the values drawn in view (all of them while the events are off)
    _rows: function () {
      var present = this._on("events") ? this._present : null;
      this._box.querySelectorAll("[data-legend]").forEach(function (row) {
        var part = row.getAttribute("data-legend").split(":");
        var codes = present && present[part[0]];
        row.hidden = !!codes && codes.indexOf(Number(part[1])) < 0;
      });
      // a heading whose rows are all hidden goes too
      this._box.querySelectorAll(".legend-group").forEach(function (group) {
        var rows = group.querySelectorAll("[data-legend]");
        if (!rows.length) return;
        group.hidden = Array.prototype.every.call(rows, function (row) { return row.hidden; });
      });
    }
  });
})();
