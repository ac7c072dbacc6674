/* envelope: paints a map model (the JSON the Python side writes) with Leaflet. No network, no
   randomness: the same model gives the same page. Every string in the model is already HTML-escaped. */
function envelopeMap(id, D) {
  'use strict';
  var map = L.map(id, {center: D.center, zoom: 6, zoomControl: false, zoomSnap: 0.25,
    zoomDelta: 0.5, wheelPxPerZoomLevel: 90});
  var root = map.getContainer();

  // Google encoded polylines (1e-5 degrees) -> rings of [lat, lon]
  function dec(s) {
    var pts = [], i = 0, lat = 0, lng = 0;
    while (i < s.length) {
      var b, sh = 0, r = 0;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lat += (r & 1) ? ~(r >> 1) : (r >> 1);
      sh = 0; r = 0;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lng += (r & 1) ? ~(r >> 1) : (r >> 1);
      pts.push([lat / 1e5, lng / 1e5]);
    }
    return pts;
  }
  var geoms = D.geoms.map(function (parts) {
    return parts.map(function (rings) { return rings.map(dec); });
  });
  // all rings of the geometries (an even-odd fill: a band is outer XOR inner), or exteriors only
  function geo(ids, outline) {
    var out = [];
    ids.forEach(function (k) {
      geoms[k].forEach(function (rings) { out = out.concat(outline ? [rings[0]] : rings); });
    });
    return out;
  }

  [['envmBase', 250], ['envmTop', 450], ['envmLabels', 560]].forEach(function (p) {
    map.createPane(p[0]).style.zIndex = p[1];
  });
  L.control.scale({position: 'bottomleft', maxWidth: 160}).addTo(map);
  L.control.zoom({position: 'bottomright'}).addTo(map);
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution(D.attribution);

  var base = {};
  if (D.tiles) {
    var tiles = L.tileLayer(D.tiles.url, D.tiles.options).addTo(map);
    base[D.tiles.name] = tiles;
  }
  D.countries.forEach(function (c) {
    L.polygon(geo([c.g], false), {color: D.countryEdge, weight: 0.9, opacity: 1,
      fillColor: c.fill, fillOpacity: D.tiles ? 0.25 : 1, pane: 'envmBase', interactive: false})
      .addTo(map);
  });

  // envelope layers: one feature group each, drawn widest first
  var groups = D.layers.map(function (lyr) {
    var fg = L.featureGroup();
    lyr.features.forEach(function (f) {
      var opts = {interactive: true, className: f.cls};
      for (var k in f.style) opts[k] = f.style[k];
      L.polygon(geo(f.g, f.outline), opts)
        .bindTooltip(lyr.tip, {sticky: true, direction: 'top'})
        .bindPopup(lyr.pop, {maxWidth: 400, minWidth: 260}).addTo(fg);
    });
    return fg;
  });

  var overlays = {}, order = [];
  var segGroup = null;
  if (D.segment) {
    segGroup = L.featureGroup();
    L.polyline(geo([D.segment.g], false), {color: D.segment.halo, weight: D.segment.haloWidth,
      opacity: 0.95, lineCap: 'round', pane: 'envmTop', interactive: false}).addTo(segGroup);
    L.polyline(geo([D.segment.g], false), {color: D.segment.colour, weight: D.segment.width,
      opacity: 1, lineCap: 'round', pane: 'envmTop', className: 'envelope-segment'})
      .bindTooltip(D.segment.tip, {sticky: true, direction: 'top'})
      .bindPopup(D.segment.pop, {maxWidth: 400, minWidth: 260}).addTo(segGroup);
  }

  function label(l) {
    return L.marker([l[0], l[1]], {icon: L.divIcon({className: 'envm-plain',
      html: '<div class="' + l[3] + '">' + l[2] + '</div>', iconSize: null}),
      interactive: false, keyboard: false, pane: 'envmLabels'});
  }
  var labels = L.featureGroup().addTo(map);
  D.labels.forEach(function (l) { label(l).addTo(labels); });
  var stateLabels = L.featureGroup().addTo(labels);

  var targets = null;
  if (D.targets) {
    targets = L.featureGroup();
    var T = D.targets;
    T.points.forEach(function (p) {
      var tip = '<b>' + p[2] + '</b> <span class="envm-dim">' + p[4] + '</span><br>' + p[5] +
        '<br>inside: ' + (p[6].length
          ? p[6].map(function (k) { return T.rings[k]; }).join('; ') : 'no envelope');
      var ll = [p[0], p[1]], kind = T.kinds[p[3]], mk;
      if (T.shapes[kind]) {
        mk = L.marker(ll, {icon: L.divIcon({className: 'envm-plain envm-mk', html: T.shapes[kind],
          iconSize: [13, 13]}), pane: 'envmTop', keyboard: false});
      } else {
        mk = L.circleMarker(ll, {radius: 4.5, color: '#111', weight: 1.5, fillColor: '#fff',
          fillOpacity: 1, pane: 'envmTop'});
      }
      mk.bindTooltip(tip, {direction: 'top'}).bindPopup('<div class="envm-pop">' + tip + '</div>')
        .addTo(targets);
      if (p[7]) {
        L.marker(ll, {icon: L.divIcon({className: 'envm-plain',
          html: '<div class="envm-point-label">' + p[2] + '</div>', iconSize: null}),
          interactive: false, keyboard: false, pane: 'envmLabels'}).addTo(targets);
      }
    });
  }

  function panel(position, cls, html) {
    var c = L.control({position: position});
    c.onAdd = function () {
      var d = L.DomUtil.create('div', 'envm-panel envelope-panel ' + cls);
      d.innerHTML = html;
      L.DomEvent.disableClickPropagation(d);
      L.DomEvent.disableScrollPropagation(d);
      return d;
    };
    c.addTo(map);
    return c.getContainer();
  }

  // the state shown: its layers, ring labels and summary
  var current = -1, shown = [];
  var S = D.states;
  var control = null, title, summary, targetsPanel = null;
  function show(i) {
    i = Math.max(0, Math.min(S.length - 1, i));
    shown.forEach(function (k) { map.removeLayer(groups[k]); });
    shown = S[i].layers.slice();
    shown.forEach(function (k) { groups[k].addTo(map); });
    if (segGroup && map.hasLayer(segGroup)) segGroup.bringToFront();
    stateLabels.clearLayers();
    S[i].labels.forEach(function (l) { label(l).addTo(stateLabels); });
    if (title) title.querySelector('.envm-sub').innerHTML = S[i].subtitle;
    if (summary) summary.innerHTML = S[i].summary;
    if (targetsPanel) targetsPanel.innerHTML = S[i].targets;
    current = i;
    api.current = i;
    root.dispatchEvent(new CustomEvent('envelope:state', {detail: i}));
    return i;
  }
  var api = {states: S.map(function (s) { return s.label; }), current: -1, show: show, map: map};

  show(D.opening);
  S[D.opening].layers.forEach(function (k) { overlays[D.layers[k].name] = groups[k]; });
  if (segGroup) { segGroup.addTo(map); overlays['Border segment'] = segGroup; }
  overlays['Labels'] = labels;
  if (targets) { targets.addTo(map); overlays[D.targets.name] = targets; }
  control = L.control.layers(base, overlays, {position: 'topright', collapsed: false});

  title = panel('topleft', 'envm-titlebox', D.panels.title);
  summary = panel('bottomleft', 'envm-summary', S[D.opening].summary);
  control.addTo(map);
  panel('topright', 'envm-legend', D.panels.legend);
  if (D.targets) {
    targetsPanel = panel('topright', 'envm-targets', S[D.opening].targets);
    var fold = function () {
      var room = root.getBoundingClientRect().bottom - targetsPanel.getBoundingClientRect().top - 88;
      targetsPanel.style.maxHeight = Math.max(110, room) + 'px';
      targetsPanel.style.overflowY = 'auto';
    };
    fold();
    map.on('resize', fold);
  }

  // keep the widest ring at the bottom when layers are toggled back on
  map.on('overlayadd', function () {
    shown.forEach(function (k) { if (map.hasLayer(groups[k])) groups[k].bringToFront(); });
    if (segGroup && map.hasLayer(segGroup)) segGroup.bringToFront();
  });

  // fit the envelopes into the part of the map the panels leave free, then never pan or zoom
  // out past the clipped basemap
  (function () {
    var cr = root.getBoundingClientRect();
    function rect(sel) { var el = root.querySelector(sel); return el && el.getBoundingClientRect(); }
    var t = rect('.envm-titlebox'), lg = rect('.envm-legend'), lc = rect('.leaflet-control-layers');
    var tp = rect('.envm-targets');
    var top = t ? t.bottom - cr.top + 12 : 12;
    var right = Math.max(lg ? cr.right - lg.left : 0, lc ? cr.right - lc.left : 0,
      tp ? cr.right - tp.left : 0);
    map.fitBounds(D.bounds, {paddingTopLeft: [12, Math.min(top, cr.height * 0.3)],
      paddingBottomRight: [Math.min(right + 12, cr.width * 0.4), 12]});
    var clip = L.latLngBounds(D.clip);
    map.setMaxBounds(clip.pad(0.05));
    map.setMinZoom(Math.min(map.getZoom(), Math.floor(map.getBoundsZoom(clip, true))));
  })();
  return api;
}
