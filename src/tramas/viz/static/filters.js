/* tramas map page: filters by actor attribute, relation and tie weight; the wave slider;
   keyboard access. Extends window.tramasMap (see map.js); data from tramas.viz.filters:
     data.filters = {attributes: [{key, label, values, codes, counts, missing}],
                     weight: {min, max, step}, isolates, text}
     data.waves   = {labels, edgeWave, initial, allWaves, text}   (three waves or more)
   Values of one attribute combine with "or", attributes with "and"; hidden actors take
   their ties along; "hide isolates" hides the actors left without a visible tie.
   API: T.setAttributeFilter(key, values|null) (values as shown, as the data write them
        ("firm") or their codes, -1 = no data; null = every value), T.setMinWeight(w|null),
        T.setHideIsolates(bool), T.setWave(index|null: all waves), T.filterStatus(). */
(function () {
  "use strict";
  var T = window.tramasMap;
  if (!T || !T.network) { return; }
  var data = T.data;
  var F = data.filters || null;
  var W = data.waves || null;
  var attrs = F ? F.attributes : [];
  var byKey = {};
  attrs.forEach(function (a) { byKey[a.key] = a; });

  var chosen = {};        /* attribute key -> Set of codes (absent: every value) */
  var minWeight = null;   /* null: every weight */
  var hideIsolates = false;
  var isolated = null;    /* Set of node ids hidden as isolates */
  var wave = W ? (W.initial < 0 ? null : W.initial) : null;  /* null: all waves merged */

  /* ------------------------------------------------------------------ the filters */
  T.nodeFilters.push(function (n) {
    for (var k = 0; k < attrs.length; k++) {
      var set = chosen[attrs[k].key];
      if (set && !set.has(attrs[k].codes[n.index])) { return false; }
    }
    return !(isolated && isolated.has(n.id));
  });
  T.edgeFilters.push(function (e) {
    if (W) {
      var w = W.edgeWave[e.id];
      if (wave === null ? w !== -1 : w !== wave) { return false; }
    }
    if (minWeight !== null && data.edges[e.id][3] < minWeight - 1e-9) { return false; }
    return true;
  });

  /* ------------------------------------------------------------------ words */
  function number(n) {
    var sep = F ? F.text.thousands : ",";
    var s = String(Math.abs(Math.round(n)));
    var out = s.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    return n < 0 ? "\u2212" + out : out;
  }
  function decimal(x) {
    var s = String(Math.round(x * 1e4) / 1e4);
    return F && F.text.decimal !== "." ? s.replace(".", F.text.decimal) : s;
  }
  /* ties of the wave shown (every tie without the slider), before any filter */
  function tiesInWave() {
    if (!W) { return data.edges.length; }
    var target = wave === null ? -1 : wave, n = 0;
    for (var i = 0; i < W.edgeWave.length; i++) { if (W.edgeWave[i] === target) { n += 1; } }
    return n;
  }
  function filterStatus() {
    if (!F) { return ""; }
    var c = T.counts();
    return T.fill(F.text.status, {
      nodes: c.nodes, all_nodes: data.nodes.length, edges: c.edges, all_edges: tiesInWave()
    }, number);
  }
  var statusBox = document.getElementById("filter-status");
  function announce() {
    if (statusBox) { statusBox.textContent = filterStatus(); }
  }

  /* ------------------------------------------------------------------ refresh */
  function update() {
    isolated = null;
    T.refresh();
    if (hideIsolates) {
      var linked = new Set();
      T.edgeView.get().forEach(function (e) { linked.add(e.from); linked.add(e.to); });
      isolated = new Set();
      T.nodeView.get().forEach(function (n) { if (!linked.has(n.id)) { isolated.add(n.id); } });
      T.refresh();
    }
    announce();
  }

  /* ------------------------------------------------------------------ controls */
  function boxes(key) {
    return Array.prototype.filter.call(
      document.querySelectorAll("#actor-filter input[data-filter-key]"),
      function (b) { return b.getAttribute("data-filter-key") === key; });
  }
  function summarize(key) {
    var out = null;
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter-summary]"), function (s) {
      if (s.getAttribute("data-filter-summary") === key) { out = s; }
    });
    if (!out) { return; }
    var set = chosen[key];
    var a = byKey[key];
    if (!set) { out.textContent = F.text.filter_any; return; }
    var total = a.values.length + (a.missing ? 1 : 0);
    out.textContent = set.size + "/" + total;
  }
  function syncAttribute(key) {
    var set = chosen[key];
    boxes(key).forEach(function (b) {
      b.checked = !!set && set.has(Number(b.getAttribute("data-code")));
    });
    summarize(key);
  }
  function setAttributeFilter(key, values) {
    var a = byKey[key];
    if (!a) { return; }
    if (values === null || values === undefined) {
      delete chosen[key];
    } else {
      var set = new Set();
      values.forEach(function (v) {
        if (typeof v === "number") { set.add(v); }
        else {
          var k = a.values.indexOf(String(v));
          if (k < 0) { k = a.keys.indexOf(String(v)); }
          set.add(k >= 0 ? k : (String(v) === F.text.missing ? -1 : -2));
        }
      });
      chosen[key] = set;
    }
    syncAttribute(key);
    update();
  }
  attrs.forEach(function (a) {
    boxes(a.key).forEach(function (b) {
      b.addEventListener("change", function () {
        var ticked = boxes(a.key).filter(function (x) { return x.checked; })
          .map(function (x) { return Number(x.getAttribute("data-code")); });
        setAttributeFilter(a.key, ticked.length ? ticked : null);
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-reset]"), function (b) {
    b.addEventListener("click", function () {
      setAttributeFilter(b.getAttribute("data-filter-reset"), null);
    });
  });

  var weightInput = document.getElementById("filter-weight");
  var weightOut = document.getElementById("filter-weight-value");
  function showWeight() {
    if (weightOut) { weightOut.textContent = decimal(minWeight === null ? F.weight.min : minWeight); }
    if (weightInput) {
      weightInput.setAttribute("aria-valuetext",
        decimal(minWeight === null ? F.weight.min : minWeight));
    }
  }
  function setMinWeight(w) {
    minWeight = (w === null || w === undefined || !F || Number(w) <= F.weight.min) ? null : Number(w);
    if (weightInput) { weightInput.value = String(minWeight === null ? F.weight.min : minWeight); }
    showWeight();
    update();
  }
  if (weightInput) {
    weightInput.addEventListener("input", function () { setMinWeight(Number(weightInput.value)); });
  }

  var isolatesBox = document.getElementById("filter-isolates");
  function setHideIsolates(on) {
    hideIsolates = !!on;
    if (isolatesBox) { isolatesBox.checked = hideIsolates; }
    update();
  }
  if (isolatesBox) {
    isolatesBox.addEventListener("change", function () { setHideIsolates(isolatesBox.checked); });
  }

  var slider = document.getElementById("wave-slider");
  var waveOut = document.getElementById("wave-value");
  function waveName(index) { return index === null ? W.text.all : W.labels[index]; }
  function setWave(index) {
    if (!W) { return; }
    wave = (index === null || index === undefined || index < 0 || index >= W.labels.length)
      ? null : Number(index);
    if (slider) {
      slider.value = String(wave === null ? W.labels.length : wave);
      slider.setAttribute("aria-valuetext", waveName(wave));
    }
    if (waveOut) { waveOut.textContent = waveName(wave); }
    T.hideTooltip();
    update();
  }
  if (slider) {
    slider.addEventListener("input", function () {
      var v = Number(slider.value);
      setWave(v >= W.labels.length ? null : v);
    });
  }
  /* the wave a tie belongs to, for its tooltip (the waves it appears in when merged) */
  T.edgeWaveLabel = function (id) {
    if (!W) { return data.wave; }
    var w = W.edgeWave[id];
    return w >= 0 ? W.labels[w] : (W.allWaves[String(id)] || W.text.all);
  };

  var reset = document.getElementById("filter-reset");
  if (reset) {
    reset.addEventListener("click", function () {
      Object.keys(chosen).forEach(function (k) { delete chosen[k]; });
      attrs.forEach(function (a) { syncAttribute(a.key); });
      minWeight = null;
      if (weightInput) { weightInput.value = String(F.weight.min); }
      showWeight();
      setHideIsolates(false);
    });
  }

  /* relation and change filters of the core: isolates depend on them too */
  var baseRelation = T.setRelation, baseStatus = T.setStatus;
  T.setRelation = function (i, on) { baseRelation(i, on); update(); };
  T.setStatus = function (i, on) { baseStatus(i, on); update(); };
  Array.prototype.forEach.call(
    document.querySelectorAll("#relation-filter input, #status-filter input"), function (box) {
      box.addEventListener("change", update);  /* after the core's own listener */
    });

  /* ------------------------------------------------------------------ keyboard on the map */
  /* the map (vis-network's frame, tabindex 0) pans with the arrows and zooms with + and -
     only while it has the focus; hovering it does not take the focus away from a field */
  var frame = T.network.canvas && T.network.canvas.frame;
  if (frame) {
    frame.setAttribute("tabindex", "0");
    frame.setAttribute("role", "application");
    if (F) { frame.setAttribute("aria-label", F.text.map); }
    T.network.setOptions({ interaction: { keyboard: {
      enabled: true, bindToWindow: false, autoFocus: false,
      speed: { x: 10, y: 10, zoom: 0.02 } } } });
  }

  Object.assign(T, {
    setAttributeFilter: setAttributeFilter, setMinWeight: setMinWeight,
    setHideIsolates: setHideIsolates, setWave: setWave, filterStatus: filterStatus
  });
  if (slider) { slider.setAttribute("aria-valuetext", waveName(wave)); }
  if (F) { showWeight(); }
  update();  /* before the first drawing: the wave the map starts on */
}());
