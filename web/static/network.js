/* KernteamDB: draws the Netwerk page's graph with cytoscape.js.
 *
 * The data comes with the page, as a JSON data block (#graph-data) that the
 * server also wrote out as tables; nothing here builds HTML, and cytoscape
 * draws labels as text on a canvas, so a name can never become markup.
 * The Content-Security-Policy allows no inline script or style: this file and
 * cytoscape are served from /static, and the graph's look is cytoscape's own
 * stylesheet below (applied on the canvas, not as CSS).
 *
 * For tests and the benchmark the container gets data-drawn="true" and
 * data-nodes once a frame with the laid-out graph has been painted, and the
 * performance entry "kernteam-graph" measures from the data to that frame.
 */
(function () {
  'use strict';

  var container = document.getElementById('graph');
  var source = document.getElementById('graph-data');
  if (!container || !source || typeof window.cytoscape !== 'function') {
    return;
  }
  performance.mark('kernteam-graph-data-start');
  var data = JSON.parse(source.textContent);
  performance.mark('kernteam-graph-data');

  var INK = '#1b1b1b';
  var heaviest = 1;
  for (var e = 0; e < data.edges.length; e++) {
    heaviest = Math.max(heaviest, data.edges[e].data.weight || 1);
  }
  var thickness = 'mapData(weight, 1, ' + Math.max(2, heaviest) + ', 1, 7)';
  var style = [
    { selector: 'node', style: {
      'label': 'data(label)', 'color': INK, 'font-size': 11, 'min-zoomed-font-size': 7,
      'text-valign': 'bottom', 'text-margin-y': 3, 'text-background-color': '#ffffff',
      'text-background-opacity': 0.8, 'text-background-padding': 1,
      'background-color': '#0b5394', 'border-color': '#ffffff', 'border-width': 1,
      'width': 14, 'height': 14 } },
    { selector: 'node[ring = 0]', style: {
      'background-color': '#a4000f', 'width': 24, 'height': 24, 'font-weight': 'bold',
      'font-size': 13 } },
    { selector: 'node[ring = 2]', style: { 'background-color': '#4a6f94', 'width': 10, 'height': 10 } },
    { selector: 'node.group', style: {
      'shape': 'round-rectangle', 'background-color': '#eef3f8', 'background-opacity': 1,
      'border-color': '#4a6f94', 'border-width': 1, 'padding': 8, 'font-size': 12, 'font-weight': 'bold',
      'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': -2, 'text-background-opacity': 0 } },
    { selector: 'node[parent]', style: { 'text-wrap': 'ellipsis', 'text-max-width': 96 } },
    { selector: 'edge', style: {
      'width': thickness, 'line-color': '#0b5394', 'curve-style': 'haystack',
      'opacity': 0.35 } },
    { selector: 'edge[kind = "knows"]', style: { 'line-color': '#2e7d32', 'line-style': 'dashed', 'width': 1.5 } },
    { selector: 'edge[kind = "team"]', style: { 'line-color': '#7b3f00', 'line-style': 'dotted', 'width': 2 } },
    { selector: 'edge[kind = "organisation"]', style: {
      'line-color': '#767676', 'line-style': 'dashed', 'width': 1, 'opacity': 0.5 } },
    { selector: 'edge.near', style: { 'opacity': 0.9 } },
    { selector: '.hidden', style: { 'display': 'none' } }
  ];

  var layouts = {
    concentric: { name: 'concentric', animate: false, minNodeSpacing: 14, avoidOverlap: true, equidistant: true,
      concentric: function (node) { return 2 - node.data('ring'); },
      levelWidth: function () { return 1; } },
    path: { name: 'grid', rows: 1, animate: false, avoidOverlap: true },
    circle: { name: 'circle', animate: false, avoidOverlap: true, spacingFactor: 1.2 },
    grouped: { name: 'preset', animate: false, fit: true, padding: 12 }
  };

  // Grouped people (depth 2: one box per organisation) are placed by hand, which
  // is instant and reads like a list: each group a small grid of names, the
  // groups in rows as wide as makes the whole as wide as the box is (so it
  // fits without zooming far out). The groups come in the server's order.
  var CELL_W = 112, CELL_H = 36, GAP = 28;
  function placeGroups(nodes) {
    var order = [], members = {}, people = 0;
    for (var i = 0; i < nodes.length; i++) {
      var parent = nodes[i].data.parent;
      if (parent) {
        if (!members[parent]) { members[parent] = []; order.push(parent); }
        members[parent].push(nodes[i]);
        people++;
      }
    }
    var aspect = Math.max(0.5, container.clientWidth / Math.max(1, container.clientHeight));
    var rowWidth = Math.max(CELL_W * 3, Math.sqrt(people * CELL_W * CELL_H * 1.5 * aspect));
    var x = 0, y = 0, rowHeight = 0;
    for (var g = 0; g < order.length; g++) {
      var group = members[order[g]];
      var columns = Math.max(1, Math.min(group.length, Math.ceil(Math.sqrt(group.length * 1.2)),
                                         Math.floor(rowWidth / CELL_W)));
      var width = columns * CELL_W, height = Math.ceil(group.length / columns) * CELL_H;
      if (x > 0 && x + width > rowWidth) {
        x = 0; y += rowHeight + GAP; rowHeight = 0;
      }
      for (var m = 0; m < group.length; m++) {
        group[m].position = { x: x + (m % columns) * CELL_W + CELL_W / 2,
                              y: y + Math.floor(m / columns) * CELL_H + CELL_H / 2 };
      }
      x += width + GAP;
      rowHeight = Math.max(rowHeight, height);
    }
  }
  if (data.layout === 'grouped') {
    placeGroups(data.nodes);
  }

  // The layout runs as the instance is made (a layout given later would come
  // after the default grid layout: twice the work); its stop callback marks
  // the first frame painted after it.
  function whenLaidOut(event) {
    var graph = event.cy;  // the layout may stop before cytoscape() returns
    if (data.layout !== 'grouped') {  // a grid of names needs no larger labels
      readableAtZoom(graph);
    }
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        performance.mark('kernteam-graph-drawn');
        performance.measure('kernteam-graph', 'kernteam-graph-data-start', 'kernteam-graph-drawn');
        container.setAttribute('data-nodes', String(graph.nodes().not('.group').length));
        container.setAttribute('data-drawn', 'true');
      });
    });
  }

  var layout = Object.assign({}, layouts[data.layout] || layouts.concentric, { stop: whenLaidOut });
  var cy = window.cytoscape({
    container: container,
    elements: { nodes: data.nodes, edges: data.edges },
    style: style,
    layout: layout,
    minZoom: 0.15,
    maxZoom: 4,
    boxSelectionEnabled: false
  });
  window.kernteamGraph = cy;
  // Links of the person in the middle stand out (in the other views, every link does).
  (data.layout !== 'path' && data.layout !== 'circle' ? cy.nodes('[ring = 0]').connectedEdges() : cy.edges()).addClass('near');

  function showKind(kind, shown) {
    cy.edges().filter(function (edge) { return edge.data('kind') === kind; }).toggleClass('hidden', !shown);
    var rows = document.querySelectorAll('#links tr[data-kind]');
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute('data-kind') === kind) {
        rows[i].hidden = !shown;
      }
    }
  }

  // The page holds the links of the kinds that were asked for: those are hidden and
  // shown at once; asking for another kind fetches the page with it (the form).
  var loadedKinds = data.kinds || [];
  var boxes = document.querySelectorAll('input[data-kind]');
  for (var b = 0; b < boxes.length; b++) {
    boxes[b].addEventListener('change', function (event) {
      var box = event.target;
      var kind = box.getAttribute('data-kind');
      if (loadedKinds.indexOf(kind) >= 0) {
        showKind(kind, box.checked);
      } else if (box.checked && box.form) {
        box.form.submit();
      }
    });
  }

  cy.on('tap', 'node', function (event) {
    var href = event.target.data('href');
    if (typeof href === 'string' && href.charAt(0) === '/' && href.charAt(1) !== '/') {
      window.location.assign(href);
    }
  });

  // A large network fits the box only zoomed out: keep the people in the middle
  // and on the first ring readable at that zoom (the second ring's names show
  // when zooming in, or in the table).
  function readableAtZoom(graph) {
    var z = Math.min(1, graph.zoom());
    if (z >= 1) {
      return;
    }
    graph.style()
      .selector('node[ring < 2]').style({ 'font-size': 12 / z, 'text-margin-y': 3 / z })
      .selector('node[ring = 1]').style({ 'width': 14 / z, 'height': 14 / z })
      .selector('node[ring = 0]').style({ 'width': 24 / z, 'height': 24 / z, 'font-size': 14 / z })
      .selector('node[ring = 2]').style({ 'width': 9 / z, 'height': 9 / z })
      .update();
  }

}());
