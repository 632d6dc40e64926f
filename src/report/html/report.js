(function () {
  'use strict';
  // Sorts and filters the rows already in the page. No report data is embedded in this
  // script and nothing is ever parsed as HTML: only attributes and classes are read and
  // set, so scraped text in the page stays text.
  var table = document.getElementById('citation-table');
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var query = document.getElementById('filter-text');
  var selects = {
    severity: document.getElementById('filter-severity'),
    link: document.getElementById('filter-link'),
    verdict: document.getElementById('filter-verdict')
  };
  var shown = document.getElementById('shown');
  var headers = Array.prototype.slice.call(table.tHead.querySelectorAll('th[data-sort]'));
  var state = { sort: 'rank', dir: 'desc' };
  var numeric = { rank: true, order: true, line: true };

  function value(row, key) {
    var v = row.getAttribute('data-' + key) || '';
    return numeric[key] ? Number(v) : v.toLowerCase();
  }

  function compare(a, b) {
    var x = value(a, state.sort), y = value(b, state.sort);
    var r = x < y ? -1 : (x > y ? 1 : 0);
    if (state.dir === 'desc') { r = -r; }
    return r || value(a, 'order') - value(b, 'order');
  }

  function matches(row, text) {
    for (var key in selects) {
      var want = selects[key] ? selects[key].value : '';
      if (want && row.getAttribute('data-' + key) !== want) { return false; }
    }
    if (!text) { return true; }
    var haystack = (row.textContent + ' ' + (row.getAttribute('data-claim') || '')).toLowerCase();
    return haystack.indexOf(text) !== -1;
  }

  function writeHash() {
    var params = new URLSearchParams();
    params.set('sort', state.sort);
    params.set('dir', state.dir);
    if (query && query.value) { params.set('q', query.value); }
    for (var key in selects) {
      if (selects[key] && selects[key].value) { params.set(key, selects[key].value); }
    }
    try { history.replaceState(null, '', '#?' + params.toString()); } catch (e) { /* file: URLs in some browsers */ }
  }

  function apply(remember) {
    var text = query ? query.value.trim().toLowerCase() : '';
    rows.sort(compare);
    var count = 0;
    rows.forEach(function (row) {
      body.appendChild(row);
      var visible = matches(row, text);
      row.classList.toggle('hidden', !visible);
      var detail = document.getElementById(row.getAttribute('data-anchor'));
      if (detail) { detail.classList.toggle('hidden', !visible); }
      if (visible) { count += 1; }
    });
    headers.forEach(function (th) {
      var key = th.getAttribute('data-sort');
      th.setAttribute('aria-sort', key === state.sort ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none');
    });
    if (shown) { shown.textContent = count + ' of ' + rows.length + ' shown'; }
    table.setAttribute('data-sorted-by', state.sort + ' ' + state.dir);
    if (remember) { writeHash(); }
  }

  function readHash() {
    if (location.hash.indexOf('#?') !== 0) { return; }
    var params = new URLSearchParams(location.hash.slice(2));
    var sort = params.get('sort');
    if (sort && headers.some(function (th) { return th.getAttribute('data-sort') === sort; })) {
      state.sort = sort;
    }
    state.dir = params.get('dir') === 'asc' ? 'asc' : 'desc';
    if (query && params.get('q') !== null) { query.value = params.get('q'); }
    for (var key in selects) {
      var want = params.get(key);
      if (selects[key] && want !== null) {
        for (var i = 0; i < selects[key].options.length; i += 1) {
          if (selects[key].options[i].value === want) { selects[key].value = want; }
        }
      }
    }
  }

  headers.forEach(function (th) {
    var button = th.querySelector('button');
    if (!button) { return; }
    button.addEventListener('click', function () {
      var key = th.getAttribute('data-sort');
      if (state.sort === key) {
        state.dir = state.dir === 'asc' ? 'desc' : 'asc';
      } else {
        state.sort = key;
        state.dir = key === 'rank' ? 'desc' : 'asc';
      }
      apply(true);
    });
  });
  if (query) { query.addEventListener('input', function () { apply(true); }); }
  for (var key in selects) {
    if (selects[key]) { selects[key].addEventListener('change', function () { apply(true); }); }
  }
  // A link to a folded citation opens it.
  function openTarget() {
    var id = location.hash.slice(1);
    if (!id || id.charAt(0) === '?') { return; }
    var target = document.getElementById(id);
    if (target && target.tagName === 'DETAILS') { target.open = true; }
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  document.getElementById('controls').hidden = false;
  readHash();
  apply(false);
  document.documentElement.setAttribute('data-report-script', 'ready');
}());
