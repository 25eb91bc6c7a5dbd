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

  // This frame shares the app page's one main thread (same origin), so drawing is kept cheap: the bars are
  // one path per sponsor (a decade of weeks was ~5,000 SVG nodes, redrawn on every rerun: 0.1-0.3 s each),
  // redrawn only when the bars or the width change; a playback step only moves the window's shading.
  var drawnBars = null, drawnWidth = 0, planned = false, shade = null, tip = null;

  function schedule() {
    if (planned) return;
    planned = true;
    requestAnimationFrame(function () { planned = false; draw(); });
  }

  function barsKey(c) {
    return JSON.stringify([c.periods, c.sponsors, c.values, c.peak, c.ticks, c.measure, c.step]);
  }

  function draw() {
    var w = width(), key = chart ? barsKey(chart) : "";
    if (key !== drawnBars || w !== drawnWidth) drawBars(w, key);
    drawWindow(w);
  }

  function drawBars(w, key) {
    drawnBars = key; drawnWidth = w;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    shade = null;
    if (!chart) return;
    var n = chart.periods.length, slot = w / Math.max(n, 1), gap = Math.min(1, slot * 0.15);
    var peak = Math.max(chart.peak, 1), drawn = 0, paths = chart.sponsors.map(function () { return []; });
    var bar = Math.max(slot - gap, 0.5);
    svg.setAttribute("viewBox", "0 0 " + w + " " + (BARS + AXIS));
    svg.setAttribute("height", String(BARS + AXIS));
    for (var i = 0; i < n; i++) {
      var below = 0;
      for (var s = 0; s < chart.sponsors.length; s++) {
        var value = chart.values[i][s];
        if (!value) continue;
        var h = (BARS * value) / peak, x = i * slot + gap / 2, y = BARS - below - h;
        paths[s].push("M" + x.toFixed(2) + " " + y.toFixed(2) + "h" + bar.toFixed(2) + "v" + h.toFixed(2) +
          "h" + (-bar).toFixed(2) + "z");
        below += h; drawn++;
      }
    }
    paths.forEach(function (parts, s) {
      if (parts.length) el("path", { d: parts.join(""), fill: chart.sponsors[s][1], class: "bar" }, svg);
    });
    // periods outside the window are dimmed (white at 65% over the bars: the same colour as the bars at 35%
    // opacity on the page's white), so the playback position reads at a glance; the window is outlined too,
    // because a one-month window among a decade of bars is a few pixels wide
    shade = {
      before: el("rect", { y: 0, height: BARS, fill: "#ffffff", "fill-opacity": "0.65", class: "dim" }, svg),
      after: el("rect", { y: 0, height: BARS, fill: "#ffffff", "fill-opacity": "0.65", class: "dim" }, svg),
      window: el("rect", { y: 0, height: BARS, fill: "#999999", "fill-opacity": "0.25", stroke: "#555555",
        "stroke-width": 1, class: "window" }, null),
      slot: slot
    };
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
    svg.dataset.bars = String(drawn);
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

  function place(rect, from, to) {
    if (to <= from) { rect.setAttribute("width", "0"); return; }
    rect.setAttribute("x", String(from)); rect.setAttribute("width", String(to - from));
  }

  // the window (shaded, the rest dimmed) and a drag in progress: a few attributes, no new bars
  function drawWindow(w) {
    var old = svg.querySelector(".dragging");
    if (old) old.remove();
    if (!shade) return;
    var slot = shade.slot, win = chart.window, n = chart.periods.length;
    if (win) {
      // whole periods outside the window are dimmed; the window's own rect shows its exact span
      place(shade.before, 0, Math.floor(win[0]) * slot);
      place(shade.after, Math.min(Math.ceil(win[1]), n) * slot, w);
      shade.window.setAttribute("x", String(win[0] * slot));
      shade.window.setAttribute("width", String(Math.max((win[1] - win[0]) * slot, 1)));
      if (!shade.window.parentNode) svg.insertBefore(shade.window, svg.firstChild);  // under the bars
    } else {
      place(shade.before, 0, 0); place(shade.after, 0, 0);
      if (shade.window.parentNode) shade.window.remove();
    }
    if (drag && drag.to !== null) {
      var a = Math.min(drag.from, drag.to), b = Math.max(drag.from, drag.to);
      el("rect", { x: a * slot, y: 0, width: Math.max((b - a + 1) * slot, 1), height: BARS, fill: "#1f77b4",
        "fill-opacity": "0.2", stroke: "#1f77b4", class: "dragging" }, svg);
    }
    svg.dataset.window = win ? win.join(",") : "";
  }

  // one tooltip for the whole chart, filled for the period under the pointer (one <title> per period cost
  // a thousand nodes)
  function showTip(event) {
    if (!chart || !chart.periods.length) return;
    if (!tip) { tip = document.createElement("div"); tip.className = "tip"; document.body.appendChild(tip); }
    var i = slotAt(event), total = 0, parts = [];
    chart.sponsors.forEach(function (sponsor, s) {
      var value = chart.values[i][s];
      if (value) { total += value; parts.push(sponsor[0] + ": " + value.toLocaleString()); }
    });
    tip.textContent = chart.periods[i] + ": " + total.toLocaleString() + " " + chart.measure.toLowerCase() +
      (parts.length ? " (" + parts.join(", ") + ")" : "");
    var x = Math.min(event.clientX + 12, Math.max(document.body.clientWidth - tip.offsetWidth - 4, 0));
    tip.style.left = x + "px"; tip.style.top = "2px"; tip.style.display = "block";
  }
  svg.addEventListener("pointerleave", function () { if (tip) tip.style.display = "none"; });

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
    showTip(event);
    if (!drag) return;
    if (drag.to === null && Math.abs(event.clientX - drag.x) < 4) return;
    drag.to = slotAt(event);
    drawWindow(width());
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
    drawWindow(width());
  });

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || event.data.type !== "streamlit:render") return;
    chart = event.data.args.chart;
    draw();  // at once: the frame's height below depends on it
    var wanted = document.body.scrollHeight;
    if (wanted !== height) { height = wanted; toStreamlit("streamlit:setFrameHeight", { height: height }); }
  });
  window.addEventListener("resize", function () { if (width() !== drawnWidth) schedule(); });
  toStreamlit("streamlit:componentReady", { apiVersion: 1 });
})();
