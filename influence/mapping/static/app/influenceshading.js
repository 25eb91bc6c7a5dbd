/* Governorates shaded by the sponsor with the most events (hand-written: folium.GeoJson's style_function is
 * compiled into the page per feature and cannot be restyled in place). Every governorate's shape ships once;
 * styles is {name: [fill, fillOpacity, contested, tooltipHtml]} (tooltip escaped in Python), and setState
 * restyles the shapes in place when the live map receives a new state. Unshaded governorates draw nothing. */
(function () {
  "use strict";
  L.InfluenceShading = L.GeoJSON.extend({
    initialize: function (shapes, styles, options) {
      var self = this;
      this._styles = styles || {};
      L.GeoJSON.prototype.initialize.call(this, shapes, L.extend({
        style: function (feature) { return self._style(feature); },
        onEachFeature: function (feature, layer) { self._tooltip(layer); }
      }, options));
    },

    _style: function (feature) {
      var s = this._styles[feature.properties.name];
      if (!s) return { stroke: false, fill: false };
      return {
        stroke: true, fill: true, fillColor: s[0], fillOpacity: s[1], opacity: 1,
        color: s[2] ? "#222222" : s[0], weight: s[2] ? 3 : 1,
        // dashes mark a contested governorate even in a black-and-white print
        dashArray: s[2] ? "8 5" : null
      };
    },

    _tooltip: function (layer) {
      var s = this._styles[layer.feature.properties.name];
      if (s) layer.bindTooltip(s[3], { sticky: true }); else layer.unbindTooltip();
    },

    /** Live map: new styles for the same shapes. */
    setState: function (styles) {
      var self = this;
      this._styles = styles || {};
      this.eachLayer(function (layer) { layer.setStyle(self._style(layer.feature)); self._tooltip(layer); });
    }
  });
})();
