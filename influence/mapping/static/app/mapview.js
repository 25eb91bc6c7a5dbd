/* Writes the map view and the shown layers into the TOP page's query string (view=lat,lon,zoom and
 * layers=key,key) with history.replaceState, so a reload or a shared link opens the same view and the
 * Streamlit page can read them from st.query_params on its next rerun. Hand-written: no plugin does
 * this for an iframe. Silently does nothing where the parent is not reachable (e.g. a file:// export). */
(function () {
  "use strict";
  L.watchView = function (map, layers) {
    function target() {
      try { return window.parent && window.parent !== window ? window.parent : window; } catch (e) { return window; }
    }
    function write(name, value) {
      try {
        var page = target(), url = new URL(page.location.href);
        url.searchParams.set(name, value);
        // commas stay readable in a shared link (view=35.1,38.2,7)
        var search = url.searchParams.toString().replace(/%2C/gi, ",");
        page.history.replaceState(page.history.state, "", url.pathname + "?" + search + url.hash);
      } catch (e) { /* not same-origin or not allowed: the view is simply not remembered */ }
    }
    map.on("moveend", function () {
      var c = map.getCenter();
      write("view", c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + map.getZoom());
    });
    // layers: {key: Leaflet layer}; the list written is every registry layer now on the map
    map.on("overlayadd overlayremove", function () {
      var on = Object.keys(layers).filter(function (key) { return map.hasLayer(layers[key]); });
      write("layers", on.join(","));
    });
  };
})();
