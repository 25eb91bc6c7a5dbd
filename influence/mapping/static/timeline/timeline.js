/* The timeline under the map, drawn in the browser (a Streamlit component served from this folder; hand-
 * written: st.html strips inline SVG, and a Vega chart cost the page 0.2-0.5 s of its one main thread while
 * the map started). Args (influence/timeline.py chart()): periods, sponsors [[name, colour]], values (per
 * period, per sponsor), peak, ticks [[slot, label, major]], window [from slot, to slot] or null, measure.
 * Bars are stacked by sponsor, the window shaded. Drag across to set the window, click a bar to jump the
 * window there: both go back to Python as period slots ({kind: "window"|"jump", from, to, seq}), which
 * turns them into calendar dates. All text is set with textContent, never as HTML.
 * Test hooks: the svg's data-bars (bar segments drawn) and data-window ("from,to" in slots). */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg", BARS = 150, AXIS = 18;
  var svg = document.querySelector("svg"), chart = null, drag = null, seq = 0, height = 0;

  function toStreamlit(type, extra) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra), "*");
  }

  function el(name, attributes, parent) {
    var node = document.createElementNS(NS, name);
    for (var key in attributes) node.setAttribute(key, attributes[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function width() { return Math.max(svg.clientWidth || document.body.clientWidth || 600, 100); }

  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    if (!chart) return;
    var n = chart.periods.length, w = width(), slot = w / Math.max(n, 1), gap = Math.min(1, slot * 0.15);
    var peak = Math.max(chart.peak, 1), drawn = 0;
    svg.setAttribute("viewBox", "0 0 " + w + " " + (BARS + AXIS));
    svg.setAttribute("height", String(BARS + AXIS));
    if (chart.window) {
      // outlined as well as shaded: a one-month window among a decade of bars is a few pixels wide
      el("rect", { x: chart.window[0] * slot, y: 0, width: Math.max((chart.window[1] - chart.window[0]) * slot, 1),
        height: BARS, fill: "#999999", "fill-opacity": "0.25", stroke: "#555555", "stroke-width": 1, class: "window" }, svg);
    }
    for (var i = 0; i < n; i++) {
      var below = 0, total = 0, parts = [];
      // periods outside the window are dimmed, so the playback position reads at a glance
      var outside = chart.window && (i + 1 <= chart.window[0] || i >= chart.window[1]);
      var group = el("g", outside ? { opacity: "0.35" } : {}, svg);
      for (var s = 0; s < chart.sponsors.length; s++) {
        var value = chart.values[i][s];
        if (!value) continue;
        var h = (BARS * value) / peak;
        el("rect", { x: i * slot + gap / 2, y: BARS - below - h, width: Math.max(slot - gap, 0.5), height: h,
          fill: chart.sponsors[s][1], class: "bar" }, group);
        below += h; total += value; drawn++;
        parts.push(chart.sponsors[s][0] + ": " + value.toLocaleString());
      }
      // an invisible full-height slot carries the tooltip, so thin bars are easy to point at
      var hit = el("rect", { x: i * slot, y: 0, width: slot, height: BARS, fill: "transparent" }, group);
      var title = el("title", {}, hit);
      title.textContent = chart.periods[i] + ": " + total.toLocaleString() + " " + chart.measure.toLowerCase() +
        (parts.length ? " (" + parts.join(", ") + ")" : "");
    }
    el("line", { x1: 0, x2: w, y1: BARS + 0.5, y2: BARS + 0.5, stroke: "#999999" }, svg);
    var lastLabel = -Infinity;
    chart.ticks.forEach(function (t) {
      var x = t[0] * slot;
      el("line", { x1: x, x2: x, y1: BARS, y2: BARS + (t[2] ? 6 : 3), class: "tick" + (t[2] ? " major" : "") }, svg);
      // labels that would overlap the previous one are left out (majors win)
      if (t[1] && (x - lastLabel > (t[2] ? 30 : 24))) {
        var label = el("text", { x: x + 2, y: BARS + 15, class: "label" + (t[2] ? " major" : "") }, svg);
        label.textContent = t[1];
        lastLabel = x;
      }
    });
    if (drag && drag.to !== null) {
      var a = Math.min(drag.from, drag.to), b = Math.max(drag.from, drag.to);
      el("rect", { x: a * slot, y: 0, width: Math.max((b - a + 1) * slot, 1), height: BARS, fill: "#1f77b4",
        "fill-opacity": "0.2", stroke: "#1f77b4", class: "dragging" }, svg);
    }
    svg.dataset.bars = String(drawn);
    svg.dataset.window = chart.window ? chart.window.join(",") : "";
    document.querySelector(".measure").textContent = chart.measure + " per " + chart.step +
      " (peak " + chart.peak.toLocaleString() + ") · drag to set the window, click a bar to jump there";
    var legend = document.querySelector(".legend");
    legend.textContent = "";
    chart.sponsors.forEach(function (sponsor) {
      var item = document.createElement("span"), swatch = document.createElement("i");
      swatch.style.background = sponsor[1];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(sponsor[0]));
      legend.appendChild(item);
    });
  }

  function slotAt(event) {
    var box = svg.getBoundingClientRect(), n = chart ? chart.periods.length : 0;
    var i = Math.floor(((event.clientX - box.left) / Math.max(box.width, 1)) * n);
    return Math.min(Math.max(i, 0), Math.max(n - 1, 0));
  }

  svg.addEventListener("pointerdown", function (event) {
    if (!chart || !chart.periods.length) return;
    svg.setPointerCapture(event.pointerId);
    drag = { from: slotAt(event), to: null, x: event.clientX };
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) return;
    if (drag.to === null && Math.abs(event.clientX - drag.x) < 4) return;
    drag.to = slotAt(event);
    draw();
  });
  svg.addEventListener("pointerup", function (event) {
    if (!drag) return;
    var moved = drag.to !== null, from = drag.from, to = moved ? slotAt(event) : from;
    drag = null;
    seq += 1;
    var value = moved
      ? { kind: "window", from: Math.min(from, to), to: Math.max(from, to), seq: seq }
      : { kind: "jump", from: from, to: from, seq: seq };
    toStreamlit("streamlit:setComponentValue", { value: value, dataType: "json" });
    draw();
  });

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || event.data.type !== "streamlit:render") return;
    chart = event.data.args.chart;
    draw();
    var wanted = document.body.scrollHeight;
    if (wanted !== height) { height = wanted; toStreamlit("streamlit:setFrameHeight", { height: height }); }
  });
  window.addEventListener("resize", draw);
  toStreamlit("streamlit:componentReady", { apiVersion: 1 });
})();
