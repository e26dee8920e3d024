/* The map's state in the browser and what the map tells the app.
 *
 * kmEngine(map) runs once per map, in the static part of the page (webmap.engine.MapEngine), which is the
 * same on every rerun: streamlit-folium keys its widget on that script, so the map keeps its identity, its
 * view and its open popups while the app reruns. Each rerun's incidents and state arrive as
 * map.km.update(group, D) (webmap.incident_layer.IncidentLayer), which streamlit-folium runs again only when
 * they changed: it shows the reference layers and the base map the app asks for, replaces the legend, draws
 * the incidents (into a group of its own, and only when the drawing changed: `D.drawing` names it; a new
 * selection alone just moves the highlight), and moves the map when the app asks for a new view (a link, a
 * place search, an incident picked in the list). `group` is streamlit-folium's, which it takes off the map
 * before each update; the engine leaves it empty.
 *
 * The map tells the app (window.Streamlit, which streamlit-folium sets inside its iframe; absent in the static
 * snapshot) only what a reader did on purpose: picked an incident, moved the map (once it rests), switched a
 * reference layer or the base map. Each report carries the whole state (view, layers, base), so the app never
 * works from a stale part. A click on a reference layer or on the empty map reports nothing; the last click
 * is kept in window.kmLastClick for tests and debugging.
 */
function kmEngine(map, options) {
  var overlays = {}, bases = {}, order = [];
  // the incidents live in a group of the engine's own, drawn again only when the drawing changes (new filters,
  // another zoom for counts per cell): a rerun that only changes the selection or the layers keeps the symbols
  var st = {seq: 0, applying: 0, lastView: null, moveToken: null, focusToken: null, base: null, drawn: null,
            drawing: null, incidents: L.featureGroup().addTo(map), legend: null};

  function round4(x) { return Math.round(x * 1e4) / 1e4; }
  function currentView() {
    var c = map.getCenter();
    return {lat: round4(c.lat), lon: round4(c.lng), zoom: Math.round(map.getZoom())};
  }
  // the same view, give or take a few pixels (a resize of the frame shifts the centre a little: not a move)
  function sameView(a, b) {
    if (!a || !b || a.zoom !== b.zoom) { return false; }
    return map.project([a.lat, a.lon], a.zoom).distanceTo(map.project([b.lat, b.lon], b.zoom)) <= options.stillPx;
  }
  function shownLayers() { return order.filter(function (id) { return map.hasLayer(overlays[id]); }); }

  function report(kind, extra) {
    var value = {seq: ++st.seq, kind: kind, view: currentView(), layers: shownLayers(), base: st.base};
    for (var key in extra) { value[key] = extra[key]; }
    st.lastView = value.view;
    window.kmLastEvent = value;
    var S = window.Streamlit;
    if (S && S.setComponentValue) { S.setComponentValue(value); }
  }

  var viewTimer = null;
  function viewMoved() {
    if (viewTimer) { clearTimeout(viewTimer); }
    viewTimer = setTimeout(function () {
      viewTimer = null;
      if (!sameView(currentView(), st.lastView)) { report("view", {}); }
    }, options.viewReportMs);
  }
  // the map fills its frame, whatever height the page gives the frame (a phone gives it less than asked)
  function fitFrame() {
    var frame = window.innerHeight, box = map.getContainer();
    if (window.parent !== window && frame > 0 && box.offsetHeight !== frame) {
      box.style.height = frame + "px";
      map.invalidateSize({pan: false});
    }
  }
  window.addEventListener("resize", fitFrame);
  fitFrame();
  st.lastView = currentView();  // where the map opens: a resize that keeps it there reports nothing
  map.on("moveend", viewMoved);
  map.on("overlayadd overlayremove", function () { if (!st.applying) { report("layers", {}); } });
  map.on("baselayerchange", function (e) {
    for (var id in bases) { if (bases[id] === e.layer) { st.base = id; } }
    if (!st.applying) { report("base", {}); }
  });

  function showOverlays(wanted) {
    if (!wanted) { return; }
    order.forEach(function (id) {
      var on = wanted.indexOf(id) >= 0;
      if (on && !map.hasLayer(overlays[id])) { map.addLayer(overlays[id]); }
      if (!on && map.hasLayer(overlays[id])) { map.removeLayer(overlays[id]); }
    });
  }
  function showBase(wanted) {
    if (!wanted || !bases[wanted] || (wanted === st.base && map.hasLayer(bases[wanted]))) { return; }
    for (var id in bases) { if (id !== wanted && map.hasLayer(bases[id])) { map.removeLayer(bases[id]); } }
    map.addLayer(bases[wanted]);
    if (bases[wanted].bringToBack) { bases[wanted].bringToBack(); }
    st.base = wanted;
  }

  function showLegend(html) {
    if (!st.legend) {
      st.legend = L.control({position: "bottomright"});
      st.legend.onAdd = function () {
        var div = L.DomUtil.create("div", "km-legend-box");
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      };
      st.legend.addTo(map);
    }
    var box = st.legend.getContainer(), old = box.querySelector("details");
    // a reader's fold is kept; a narrow map starts folded (open, the legend would cover a third of it)
    var open = old ? old.open : map.getSize().x >= options.foldLegendBelowPx;
    box.innerHTML = html;
    var details = box.querySelector("details");
    if (details) { details.open = open; }
  }

  function move(request) {
    if (!request || request.token === st.moveToken) { return; }
    st.moveToken = request.token;
    if (request.bounds) {
      map.fitBounds(request.bounds, {maxZoom: request.zoom || options.focusZoom, animate: false});
    } else {
      map.setView([request.lat, request.lon], request.zoom, {animate: false});
      st.lastView = currentView();  // the app asked for this view: nothing to tell it
    }
  }
  function focus(request) {
    if (!request || request.token === st.focusToken) { return; }
    st.focusToken = request.token;
    var target = L.latLng(request.lat, request.lon);
    if (!map.getBounds().pad(-0.1).contains(target)) {
      map.setView(target, Math.max(map.getZoom(), options.focusZoom), {animate: false});
    }
  }

  var km = {
    registerOverlay: function (id, layer) {
      overlays[id] = layer;
      order.push(id);
      layer.on("click", function () { window.kmLastClick = {kind: "reference", layer: id}; });
    },
    registerBase: function (id, layer) {
      bases[id] = layer;
      if (map.hasLayer(layer)) { st.base = id; }
    },
    update: function (group, D) {
      st.applying++;
      try {
        var S = D.state || {};
        showOverlays(S.layers);
        showBase(S.base);
        if (S.legend !== undefined) { showLegend(S.legend); }
        if (D.drawing !== st.drawing || !st.drawn) {
          if (st.drawn) { st.drawn.dispose(); }
          st.drawn = kmIncidentLayer(map, st.incidents, D, km.select);
          st.drawing = D.drawing;
        } else {
          st.drawn.highlight(D.selected || "");
        }
        move(S.move);
        focus(S.focus);
      } finally {
        st.applying--;
      }
      return st.incidents;
    },
    select: function (id, latlng) {
      if (st.drawn) { st.drawn.highlight(id); }
      window.kmLastClick = {kind: "incident", id: id};
      st.incidents.fire("kmselect", {id: id, latlng: latlng});
      report("select", {id: id});
    }
  };
  map.km = km;
  return km;
}
