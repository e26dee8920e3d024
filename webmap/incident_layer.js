/* The incidents: draws the payload webmap/incident_layer.py sends into `group`, at its rendering level.
 *
 * Drawn into `group` (the engine's, kept across reruns) until `dispose` clears it for another drawing.
 * Every incident layer carries a GeoJSON-like feature (properties.id, kind "incident"), so tests and tools
 * can find it; a click on one incident (a symbol, a circle holding one incident, a shape of one incident, a
 * row of a shared shape's list) calls `select(id, latlng)` (map_engine.js), which highlights it at once and
 * tells the app. A circle of many incidents zooms in; a shape of many opens the list of its newest.
 *
 * All strings in the payload are HTML-escaped by the server; they are only concatenated here, never unescaped.
 */
function kmIncidentLayer(map, group, D, select) {
  var started = performance.now(), cleanups = [];
  var P = D.points, byId = {}, selected = D.selected || "";

  var UNDATED_DAY = 0;  // the day number a missing date travels as (webmap/incident_layer.py, the store's aggregates)
  function day(d) { return d === UNDATED_DAY ? "date unknown" : new Date(d * 86400000).toISOString().slice(0, 10); }
  function when(d, e) { return e ? day(d) + " → " + day(d + e) : day(d); }
  function ll(lat, lon) { return L.latLng(lat / 1e4, lon / 1e4); }
  function feature(props) { return {type: "Feature", properties: props, geometry: null}; }
  function remember(id, layer) { if (id) { (byId[id] = byId[id] || []).push(layer); } }
  function machine(i) { return P.m ? P.m[i] : 0; }  // the payload sends "m" only when some incident is machine-read

  // m: machine-read, not yet checked by an editor: drawn hollow (white fill, outline in the side's colour)
  function svg(s, t, x, on, px, m) {
    var ring = x ? '<circle cx="10" cy="10" r="9.2" fill="none" stroke="#000" stroke-width="1.3" stroke-dasharray="' + D.disputedDash + '"/>' : "";
    var scale = x ? ' transform="translate(3 3) scale(0.7)"' : "";
    var stroke = on ? ' stroke="#000" stroke-width="2.6"' :
      m ? ' stroke="' + D.colours[s] + '" stroke-width="' + D.machineStroke + '"' : ' stroke="#222" stroke-width="1"';
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + px + '" height="' + px + '" viewBox="-1 -1 22 22"><path d="' +
      D.shapes[t] + '" fill="' + (m ? D.machineFill : D.colours[s]) + '" fill-rule="evenodd"' + stroke + scale + "/>" + ring + "</svg>";
  }
  // one image per symbol style, shared by every incident drawn with it: an <img> per incident is far cheaper
  // for the browser to lay out and paint than an inline SVG per incident
  var icons = {};
  function icon(s, t, x, on, m) {
    var key = s + "/" + t + "/" + x + "/" + on + "/" + m;
    if (!icons[key]) {
      var px = Math.round(on ? D.symbolPx * 1.6 : D.symbolPx);
      icons[key] = L.icon({iconUrl: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg(s, t, x, on, px, m)),
                           className: "km-symbol" + (on ? " km-selected" : "") + (m ? " km-machine" : ""),
                           iconSize: [px, px]});
    }
    return icons[key];
  }

  function pointTip(i) {
    return "<b>" + when(P.d[i], P.e ? P.e[i] : 0) + "</b> · " + D.places[P.p[i]] + "<br>" + D.types[P.t[i]] +
      " · claimed by " + D.sides[P.s[i]] + (P.x[i] ? " · <i>disputed</i>" : "") +
      (machine(i) ? "<br><i>" + D.machineLabel + "</i>" : "");
  }

  // tooltips are bound on first hover or press, not for every incident up front (100,000 tooltips are slow);
  // "auto" puts them on the side of the incident with more room, so they are not cut off on a narrow map
  function ensureTip(e) {
    var layer = e.layer || e.sourceTarget;
    if (!layer || !layer.bindTooltip || layer.getTooltip()) { return; }
    var tip = layer.kmTip ? layer.kmTip() : null;
    if (tip) {
      layer.bindTooltip(tip, {sticky: !!layer.kmSticky, direction: "auto", className: "km-tip"});
      if (e.type === "mouseover") { layer.openTooltip(e.latlng); }
    }
  }
  function picked(e) {
    var layer = e.layer || e.sourceTarget, p = layer && layer.feature && layer.feature.properties;
    if (p && p.kind === "incident" && p.id && !(p.n > 1)) { select(p.id, e.latlng); }
  }
  group.on("mouseover mousedown click", ensureTip);
  group.on("click", picked);
  cleanups.push(function () { group.off("mouseover mousedown click", ensureTip); group.off("click", picked); });

  function incidentMarker(i) {
    var on = P.id[i] === selected, m = machine(i);
    var marker = L.marker(ll(P.lat[i], P.lon[i]), {icon: icon(P.s[i], P.t[i], P.x[i], on, m), keyboard: false,
                                                    zIndexOffset: on ? 1000 : 0});
    marker.feature = feature({id: P.id[i], kind: "incident"});
    marker.kmTip = function () { return pointTip(i); };
    marker.kmMark = function (now) { marker.setIcon(icon(P.s[i], P.t[i], P.x[i], now, m)); marker.setZIndexOffset(now ? 1000 : 0); };
    remember(P.id[i], marker);
    return marker;
  }

  function shapeStyle(a, on) {
    var colour = D.colours[a.s];
    var style = {color: colour, weight: a.p === "line" ? D.lineWeight : 2, opacity: 0.9, dashArray: D.dash[a.p],
                 fillColor: colour, fillOpacity: a.m ? 0 : D.areaFill, className: "km-" + a.p + (a.m ? " km-machine" : "")};
    if (a.x) { style.dashArray = D.disputedDash; }
    if (on) { style.weight += 3; style.color = "#000"; }
    return style;
  }

  function drawShapes() {
    D.areas.forEach(function (a) {
      var on = a.ids.indexOf(selected) >= 0;
      var layer = L.geoJSON({type: "Feature", geometry: a.g, properties: {id: a.ids[0], kind: "incident", n: a.n}},
                            {style: function () { return shapeStyle(a, on); }});
      layer.eachLayer(function (child) {
        child.kmSticky = true;
        child.kmTip = function () {
          var head = a.n === 1 ? D.types[a.t[0]] + " · claimed by " + D.sides[a.s] : a.n + " incidents";
          return "<b>" + when(a.d0, a.d1 - a.d0) + "</b> · " + D.places[a.pl] + " <i>(located only to this " + a.p + ")</i><br>" +
            head + (a.x ? " · <i>disputed</i>" : "") + (a.m ? "<br><i>" + D.machineLabel + "</i>" : "") +
            (a.n > 1 ? "<br><i>click for the list</i>" : "");
        };
        child.kmMark = function (now) { child.setStyle(shapeStyle(a, now)); };
        a.ids.forEach(function (id) { remember(id, child); });
        if (a.n > 1) { child.on("click", function (e) { listPopup(child, a, e.latlng); }); }
      });
      group.addLayer(layer);
    });
  }

  function listPopup(layer, a, latlng) {
    var box = L.DomUtil.create("div", "km-list");
    var head = L.DomUtil.create("div", "km-list-head", box);
    head.innerHTML = a.n + " incidents located only to " + D.places[a.pl] + (a.n > a.ids.length ? " (newest " + a.ids.length + ")" : "");
    a.ids.forEach(function (id, j) {
      var row = L.DomUtil.create("button", "km-list-row", box);
      row.type = "button";
      row.setAttribute("data-incident", id);
      row.innerHTML = day(a.d[j]) + " · " + D.types[a.t[j]] + " · " + D.sides[a.sd[j]];
      L.DomEvent.on(row, "click", function (ev) { L.DomEvent.stop(ev); select(id, latlng); });
    });
    if (!layer.getPopup()) { layer.bindPopup(box, {maxHeight: 260, autoPanPadding: [10, 10]}); }
    layer.openPopup(latlng);
  }

  function drawMarkers() {
    for (var i = 0; i < P.id.length; i++) { group.addLayer(incidentMarker(i)); }
  }

  function clusterIcon(cluster) {
    var n = cluster.getChildCount(), px = n < 100 ? 30 : n < 1000 ? 38 : 46;
    return L.divIcon({html: "<span>" + n + "</span>", className: "km-cluster", iconSize: [px, px]});
  }

  function drawPoints(done) {
    var cluster = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45,
                                        iconCreateFunction: clusterIcon,
                                        chunkProgress: function (n, total) { if (n === total) { setTimeout(done, 0); } }});
    var markers = new Array(P.id.length);
    for (var i = 0; i < P.id.length; i++) { markers[i] = incidentMarker(i); }
    group.addLayer(cluster);
    cluster.addLayers(markers);
    if (!markers.length) { done(); }
  }

  function drawCells() {
    // a pane of its own: in a shared pane Leaflet stacks every canvas under every SVG (the filled countries)
    if (!map.getPane("kmCells")) { map.createPane("kmCells").style.zIndex = 450; }
    var renderer = L.canvas({padding: 0.3, pane: "kmCells"}), levels = [];
    D.cells.forEach(function (C) {
      var lg = L.featureGroup(), maxN = Math.max.apply(null, C.n.concat([1]));
      C.n.forEach(function (n, i) {
        var one = n === 1, on = one && C.id[i] === selected;
        var m = L.circleMarker(ll(C.lat[i], C.lon[i]), {
          renderer: renderer, pane: "kmCells", radius: Math.max(4, D.maxRadius * Math.sqrt(n / maxN)),
          color: on ? "#000" : "#222", weight: on ? 3 : 1,
          dashArray: C.x[i] ? D.disputedDash : null, fillColor: D.colours[C.s[i]], fillOpacity: 0.65});
        m.feature = feature(one ? {id: C.id[i], kind: "incident"} : {kind: "cell", n: n});
        m.kmTip = function () {
          return "<b>" + n + (one ? " incident" : " incidents") + "</b> · " + when(C.d0[i], C.d1[i] - C.d0[i]) +
            "<br>mostly claimed by " + D.sides[C.s[i]] + (C.x[i] ? " · " + C.x[i] + " disputed" : "") +
            (one ? "" : "<br><i>click to zoom in</i>");
        };
        if (one) {
          m.kmMark = function (now) { m.setStyle({color: now ? "#000" : "#222", weight: now ? 3 : 1}); };
          remember(C.id[i], m);
        } else {
          m.on("click", function (e) { map.setView(e.latlng, Math.max(map.getZoom() + 2, C.z + 2)); });
        }
        lg.addLayer(m);
      });
      levels.push({z: C.z, layer: lg});
    });
    var shown = null;
    function pick() {
      var z = map.getZoom(), best = levels[0];
      levels.forEach(function (lv) { if (lv.z <= z) { best = lv; } });
      if (best && best !== shown) { if (shown) { group.removeLayer(shown.layer); } group.addLayer(best.layer); shown = best; }
    }
    map.on("zoomend", pick);
    cleanups.push(function () { map.off("zoomend", pick); });
    pick();
  }

  // what tests and benches poll: a new object after every drawing and every change of selection
  function report(ms) {
    var drawn = map.getContainer().querySelectorAll(".km-symbol, .km-cluster").length;
    window.kmIncidentsDrawn = {strategy: D.strategy, incidents: D.count, symbols: drawn, selected: selected, ms: ms,
                               drawing: D.drawing};
  }
  function finished() {
    requestAnimationFrame(function () { report(performance.now() - started); });
  }

  drawShapes();
  if (D.strategy === "markers") { drawMarkers(); finished(); }
  else if (D.strategy === "points") { drawPoints(finished); }
  else { drawCells(); finished(); }

  return {
    highlight: function (id) {
      if (id === selected) { return; }
      (byId[selected] || []).forEach(function (layer) { if (layer.kmMark) { layer.kmMark(false); } });
      selected = id;
      (byId[id] || []).forEach(function (layer) { if (layer.kmMark) { layer.kmMark(true); } });
      report(window.kmIncidentsDrawn ? window.kmIncidentsDrawn.ms : 0);
    },
    dispose: function () {
      cleanups.forEach(function (cleanup) { cleanup(); });
      group.clearLayers();
    }
  };
}
