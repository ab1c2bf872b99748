/**
 * The page's only script, inline so that the file works from disk. A page holds one report or
 * several sections of them (one per scene); each has a JSON block (id `<prefix>gradcam-data`, the
 * prefix that all its elements' ids share) and its own elements. The script reads the panels from the JSON and
 * each map's data URI from the gallery (so no image is in the file twice), and exposes
 * `window.gradcamReport = { panels, selected, method }` for tests and for curious users; on a page
 * of several sections, `window.gradcamReport = { sections: [those, ...], active }`.
 *
 * Selecting: click, Enter/Space (buttons do that), focus (so Tab alone moves the selection), and
 * ← → Home End anywhere on the page (in the section last used, or holding the focus). Hovering a
 * button previews its map without selecting it.
 * Kept in plain ES2017 with no template literals, so it is printed into the page verbatim.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var slice = function (list) { return Array.prototype.slice.call(list); };
  var DATA_ID = 'gradcam-data';
  var blocks = slice(document.querySelectorAll('script[type="application/json"][id$="' + DATA_ID + '"]'));
  var sections = [];
  var active = 0;

  function setup(block, k) {
    var prefix = block.id.slice(0, block.id.length - DATA_ID.length);
    var data = JSON.parse(block.textContent);
    var $ = function (id) { return document.getElementById(prefix + id); };
    var all = function (id, selector) { var e = $(id); return e ? slice(e.querySelectorAll(selector)) : []; };
    var root = block.closest('[data-gradcam-section]') || document.body;
    var overlay = $('overlay');
    var overlayCaption = $('overlay-caption');
    var counterfactual = $('counterfactual');
    var counterfactualFigure = $('counterfactual-figure');
    var counterfactualCaption = $('counterfactual-caption');
    var status = $('status');
    var buttons = all('panels', '.panel-button');
    var methodButtons = all('methods', '[data-method]');
    var rows = all('gallery', '[data-row]');
    var details = data.panels.map(function (p, i) { return $('detail-' + i); });

    var sources = { map: data.panels.map(function () { return {}; }), counterfactual: data.panels.map(function () { return {}; }) };
    all('gallery', 'img[data-kind]').forEach(function (img) {
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
    if (data.title) report.title = data.title;

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
      active = k;
      show(i);
      buttons.forEach(function (b, n) { b.setAttribute('aria-pressed', String(n === i)); });
      rows.forEach(function (r, n) { r.classList.toggle('selected', n === i); });
      details.forEach(function (d, n) { if (d) d.hidden = n !== i; });
      var p = panels[i];
      status.textContent = 'Showing the map of \\u201c' + p.label + '\\u201d (map ' + (i + 1) + ' of ' +
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
      b.addEventListener('focus', function () { if (report.selected !== i || active !== k) select(i, false); });
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
    return { report: report, root: root, select: select };
  }

  blocks.forEach(function (block, k) { sections.push(setup(block, k)); });
  sections.forEach(function (s) { s.select(0, false); });
  active = 0;

  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && target.closest && target.closest('input, textarea, select, [contenteditable]')) return;
    var section = sections[active];
    for (var k = 0; k < sections.length; k++) {
      if (sections[k].root !== document.body && target && sections[k].root.contains(target)) section = sections[k];
    }
    if (!section) return;
    var selected = section.report.selected;
    var moves = { ArrowRight: selected + 1, ArrowLeft: selected - 1, Home: 0, End: section.report.panels.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    section.select(moves[event.key], true);
  });

  if (sections.length === 1) {
    window.gradcamReport = sections[0].report;
  } else {
    window.gradcamReport = {
      sections: sections.map(function (s) { return s.report; }),
      get active() { return active; }
    };
  }
})();
`;
