/* A full-screen button. Hand-written, not folium.plugins.Fullscreen: that loads leaflet.fullscreen from a
 * CDN (unreachable here), and inside Streamlit the map is an iframe, so it is the frame element in the page
 * above that must fill the screen (a same-origin frame may ask for that). Where the browser refuses full
 * screen, the frame is stretched over the whole window instead (class map-fills-window), Esc or the button
 * undoing it. Test hook: the button is .map-fullscreen a; its aria-pressed says whether the map fills the screen. */
(function () {
  "use strict";
  var ICON = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" ' +
    'fill="none" stroke="#333" stroke-width="2"/></svg>';
  var STRETCH = "position:fixed!important;inset:0!important;width:100vw!important;height:100vh!important;z-index:999999!important;" +
    "max-width:none!important;max-height:none!important;background:#fff";

  function frame() {
    try { return window.frameElement || null; } catch (e) { return null; }
  }

  // Inside the app the map runs in a frame sandboxed without allow-same-origin (static/livemap/bridge.js): it
  // cannot reach the page, so it asks its bridge, which stretches its own frame over the window.
  function bridged() { return !frame() && window.parent !== window; }

  L.Control.FullscreenButton = L.Control.extend({
    options: { position: "topleft" },

    onAdd: function (map) {
      var bar = L.DomUtil.create("div", "leaflet-bar leaflet-control map-fullscreen");
      var link = L.DomUtil.create("a", "", bar);
      link.href = "#"; link.setAttribute("role", "button"); link.innerHTML = ICON;
      this._link = link;
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(link, "click", function (e) { L.DomEvent.preventDefault(e); this.toggle(); }, this);
      this._changed = this._update.bind(this);
      this._page().addEventListener("fullscreenchange", this._changed);
      this._keys = function (e) { if (e.key === "Escape" && this._stretched) this._stretch(false); }.bind(this);
      document.addEventListener("keydown", this._keys);
      this._update();
      return bar;
    },

    onRemove: function () {
      this._page().removeEventListener("fullscreenchange", this._changed);
      document.removeEventListener("keydown", this._keys);
    },

    // looked up on each use, never kept on the control: the frame element belongs to the page above, and an
    // object holding it drags that page's framework internals into anything that inspects the map
    _target: function () { return frame() || this._map.getContainer(); },
    _page: function () { return this._target().ownerDocument; },

    isOn: function () { return this._page().fullscreenElement === this._target() || !!this._stretched; },

    toggle: function () {
      if (bridged()) { this._stretch(!this._stretched); return; }
      if (this._stretched) { this._stretch(false); return; }
      if (this._page().fullscreenElement === this._target()) { this._page().exitFullscreen(); return; }
      var target = this._target(), self = this, asked = target.requestFullscreen ? target.requestFullscreen() : null;
      if (!asked) { this._stretch(true); return; }
      asked.catch(function () { self._stretch(true); });
    },

    _stretch: function (on) {
      this._stretched = on;
      if (bridged()) { window.parent.postMessage({ type: "fullscreen", on: on }, "*"); this._update(); return; }
      var target = this._target();
      if (on) { this._saved = target.getAttribute("style") || ""; target.setAttribute("style", this._saved + ";" + STRETCH); }
      else target.setAttribute("style", this._saved || "");
      this._update();
    },

    _update: function () {
      var on = this.isOn();
      this._link.title = on ? "Leave full screen" : "Full screen";
      this._link.setAttribute("aria-label", this._link.title);
      this._link.setAttribute("aria-pressed", on ? "true" : "false");
      var map = this._map;
      if (map) setTimeout(function () { map.invalidateSize({ animate: false }); }, 0);
    }
  });
})();
