/**
 * The page's only script, inline so that the file works from disk. It reads the panels from the
 * JSON block and each map's data URI from the gallery (so no image is in the file twice), and
 * exposes `window.gradcamReport = { panels, selected, method }` for tests and for curious users.
 *
 * Selecting: click, Enter/Space (buttons do that), focus (so Tab alone moves the selection), and
 * ← → Home End anywhere on the page. Hovering a button previews its map without selecting it.
 * Kept in plain ES2017 with no template literals, so it is printed into the page verbatim.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('gradcam-data').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var overlay = $('overlay');
  var overlayCaption = $('overlay-caption');
  var counterfactual = $('counterfactual');
  var counterfactualFigure = $('counterfactual-figure');
  var counterfactualCaption = $('counterfactual-caption');
  var status = $('status');
  var buttons = Array.prototype.slice.call(document.querySelectorAll('#panels .panel-button'));
  var methodButtons = Array.prototype.slice.call(document.querySelectorAll('#methods [data-method]'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('#gallery [data-row]'));
  var details = Array.prototype.slice.call(document.querySelectorAll('.detail'));

  var sources = { map: data.panels.map(function () { return {}; }), counterfactual: data.panels.map(function () { return {}; }) };
  document.querySelectorAll('#gallery img[data-kind]').forEach(function (img) {
    sources[img.dataset.kind][Number(img.dataset.panel)][img.dataset.method] = img.getAttribute('src');
  });

  var panels = data.panels.map(function (p, i) {
    return Object.assign({}, p, {
      index: i,
      overlay: sources.map[i][p.firstMethod],
      maps: sources.map[i],
      counterfactual: sources.counterfactual[i]
    });
  });
  var report = { panels: panels, selected: 0, method: data.methods[0] };
  window.gradcamReport = report;

  function setText(element, label, rest) {
    element.textContent = '';
    var b = document.createElement('b');
    b.textContent = label;
    element.appendChild(b);
    element.appendChild(document.createTextNode(rest));
  }

  // Shows panel i's map (selected or only hovered) for the chosen method, or its own first one.
  function show(i) {
    var p = panels[i];
    var method = p.maps[report.method] ? report.method : p.firstMethod;
    overlay.src = p.maps[method];
    overlay.dataset.panel = String(i);
    overlay.dataset.method = method;
    overlay.alt = method + ' map of ' + p.label + ' over the image';
    setText(overlayCaption, p.label, ' \\u00b7 ' + method);
    if (counterfactual) {
      var c = p.counterfactual[method];
      counterfactualFigure.hidden = !c;
      if (c) {
        counterfactual.src = c;
        counterfactual.dataset.panel = String(i);
        counterfactual.alt = method + ' counterfactual map of ' + p.label;
        counterfactualCaption.textContent = 'counterfactual (' + method + '): what speaks against ';
        var b = document.createElement('b');
        b.textContent = p.label;
        counterfactualCaption.appendChild(b);
      }
    }
  }

  function select(i, focus) {
    i = Math.max(0, Math.min(panels.length - 1, i));
    report.selected = i;
    show(i);
    buttons.forEach(function (b, k) { b.setAttribute('aria-pressed', String(k === i)); });
    rows.forEach(function (r, k) { r.classList.toggle('selected', k === i); });
    details.forEach(function (d, k) { d.hidden = k !== i; });
    var p = panels[i];
    status.textContent = 'Showing the map of \\u201c' + p.label + '\\u201d (' + (i + 1) + ' of ' +
      panels.length + (p.numbers ? '; ' + p.numbers : '') + ').';
    if (focus && document.activeElement !== buttons[i]) buttons[i].focus();
  }

  function chooseMethod(method) {
    report.method = method;
    methodButtons.forEach(function (b) { b.setAttribute('aria-pressed', String(b.dataset.method === method)); });
    show(report.selected);
  }

  buttons.forEach(function (b, i) {
    b.addEventListener('click', function () { select(i, true); });
    b.addEventListener('focus', function () { if (report.selected !== i) select(i, false); });
    b.addEventListener('mouseenter', function () { show(i); });
    b.addEventListener('mouseleave', function () { show(report.selected); });
  });
  methodButtons.forEach(function (b) {
    b.addEventListener('click', function () { chooseMethod(b.dataset.method); });
  });
  var gallery = $('gallery');
  if (gallery) gallery.addEventListener('click', function (event) {
    var img = event.target.closest('img[data-kind]');
    if (!img) return;
    if (data.methods.indexOf(img.dataset.method) >= 0) chooseMethod(img.dataset.method);
    select(Number(img.dataset.panel), true);
  });
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && target.closest && target.closest('input, textarea, select, [contenteditable]')) return;
    var moves = { ArrowRight: report.selected + 1, ArrowLeft: report.selected - 1, Home: 0, End: panels.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    select(moves[event.key], true);
  });
  select(0, false);
})();
`;
