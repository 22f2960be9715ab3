// asyncapi operator dashboard. Hand-written, no framework, no external assets; loaded under a
// Content-Security-Policy without inline script. Data is written with textContent only, never as HTML.
'use strict';
(function () {
  const STATUSES = ['Pending', 'Running', 'Completed', 'Failed', 'Terminated'];
  // the page is {base}/_dashboard; the management list is {base}, the dashboard's data below {base}/_dashboard/api
  const dir = new URL('.', window.location.href).pathname;
  const listPath = dir.slice(0, -1);
  const api = dir + '_dashboard/api/';
  const params = new URLSearchParams(window.location.search);
  const refreshSeconds = Math.min(60, Math.max(1, parseInt(params.get('refresh') || '5', 10) || 5));

  const state = {
    csrf: null, view: 'overview', filters: {}, tokens: [null], page: 0, detailId: null,
    lastGood: null, storeDown: false, confirmAction: null, shown: {}
  };

  /** Whether this data differs from what a part of the page shows; unchanged data is not redrawn. */
  function changed(part, data) {
    const key = JSON.stringify(data);
    if (state.shown[part] === key) { return false; }
    state.shown[part] = key;
    return true;
  }

  const $ = (id) => document.getElementById(id);
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : ''; }
  function dateTime(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : ''; }
  function ms(value) {
    if (value === undefined || value === null) { return '–'; }
    return value < 1000 ? value + ' ms' : (value / 1000).toFixed(value < 10000 ? 2 : 1) + ' s';
  }

  /** A failed call: a problem+json detail when the server sent one. */
  class CallError extends Error {
    constructor(status, detail) { super(detail); this.status = status; }
  }

  async function call(url, options) {
    let response;
    try {
      response = await fetch(url, Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, options || {}));
    } catch (e) {
      throw new CallError(0, 'The server cannot be reached.');
    }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
    if (!response.ok) {
      throw new CallError(response.status, (body && body.detail) || ('The server answered ' + response.status + '.'));
    }
    return body;
  }

  function post(url) {
    return call(url, { method: 'POST', headers: { Accept: 'application/json', 'X-Asyncapi-Csrf': state.csrf || '' } });
  }

  // ---- store availability -------------------------------------------------------------------------------------
  function storeAvailable(ok, error) {
    const alert = $('store-alert');
    if (ok) {
      state.storeDown = false;
      state.lastGood = new Date();
      alert.hidden = true;
      $('updated').textContent = 'Updated ' + state.lastGood.toLocaleTimeString() + ' · refreshes every ' + refreshSeconds + ' s';
      return;
    }
    state.storeDown = true;
    alert.hidden = false;
    // the server's problem detail ("The job store is unavailable; retry later.") or "cannot be reached"
    alert.textContent = error.message
      + (state.lastGood ? ' Showing data from ' + state.lastGood.toLocaleTimeString() + '.' : '')
      + ' Retrying every ' + refreshSeconds + ' s.';
  }

  // ---- overview ---------------------------------------------------------------------------------------------------
  function renderOverview(o) {
    state.csrf = o.csrfToken;
    // the time stamps move with every answer; redraw only when what is shown changed
    if (!changed('overview', Object.assign({}, o, { now: null, hour: Object.assign({}, o.hour, { from: null }) }))) { return; }
    $('scan-note').textContent = o.complete
      ? 'Counts of all jobs in the store (' + o.scanned + ').'
      : 'Counts of the first ' + o.scanned + ' jobs the store returned (the scan stops at ' + o.scanLimit + '): at least these many.';
    const cards = $('status-cards');
    clear(cards);
    let total = 0;
    STATUSES.forEach((s) => {
      total += o.statuses[s];
      const card = el('div', null, 'card');
      card.id = 'count-' + s;
      card.appendChild(el('span', s, 'label'));
      card.appendChild(el('span', o.statuses[s], 'value'));
      cards.appendChild(card);
    });
    const all = el('div', null, 'card');
    all.id = 'count-total';
    all.appendChild(el('span', 'All jobs', 'label'));
    all.appendChild(el('span', total, 'value'));
    cards.appendChild(all);

    const body = $('types-table').tBodies[0];
    clear(body);
    const types = $('types');
    clear(types);
    o.types.forEach((t) => {
      const row = el('tr');
      row.dataset.type = t.type;
      const head = el('th', t.type);
      head.scope = 'row';
      row.appendChild(head);
      STATUSES.forEach((s) => { const td = el('td', t[s], 'num'); td.dataset.status = s; row.appendChild(td); });
      body.appendChild(row);
      const option = el('option');
      option.value = t.type;
      types.appendChild(option);
    });
    if (o.types.length === 0) {
      const row = el('tr');
      const td = el('td', 'No jobs yet.');
      td.colSpan = 6;
      row.appendChild(td);
      body.appendChild(row);
    }

    const gauges = $('gauges');
    clear(gauges);
    [['Admitted (queued + running)', 'admitted'], ['Queued for a worker', 'queued'], ['Running', 'running'],
      ['Capacity (workers + queue)', 'capacity']].forEach(([label, key]) => {
      gauges.appendChild(el('dt', label));
      const dd = el('dd', o.gauges[key]);
      dd.id = 'gauge-' + key;
      gauges.appendChild(dd);
    });
    gauges.appendChild(el('dt', 'Workers / queue capacity'));
    gauges.appendChild(el('dd', o.gauges.workers + ' / ' + o.gauges.queueCapacity));

    const timing = $('timing-table').tBodies[0];
    clear(timing);
    [['Queue wait (created → started)', o.timing.queueWaitMs], ['Run time (started → finished)', o.timing.runMs]].forEach(([label, t]) => {
      const row = el('tr');
      const head = el('th', label);
      head.scope = 'row';
      row.appendChild(head);
      row.appendChild(el('td', t.count, 'num'));
      row.appendChild(el('td', ms(t.p50), 'num'));
      row.appendChild(el('td', ms(t.p95), 'num'));
      row.appendChild(el('td', ms(t.max), 'num'));
      timing.appendChild(row);
    });

    const stuck = $('stuck-list');
    clear(stuck);
    if (o.stuck.length === 0) { stuck.appendChild(el('li', 'None.')); }
    o.stuck.forEach((j) => {
      const li = el('li');
      li.appendChild(jobLink(j.id));
      li.appendChild(document.createTextNode(' ' + j.type + ', ' + j.status + ': ' + j.reason + ' (since ' + dateTime(j.since) + ')'));
      stuck.appendChild(li);
    });
    renderThroughput(o.hour);
  }

  function renderThroughput(hour) {
    const sum = (a) => a.reduce((x, y) => x + y, 0);
    const completed = sum(hour.completed);
    const failed = sum(hour.failed);
    const terminated = sum(hour.terminated);
    const ended = completed + failed;
    const rate = ended === 0 ? 0 : (100 * failed / ended);
    $('throughput-summary').textContent = 'In the last hour: ' + completed + ' completed, ' + failed + ' failed, '
      + terminated + ' terminated; failure rate ' + rate.toFixed(1) + '% of completed and failed jobs; '
      + (completed + failed + terminated) + ' jobs finished, ' + ((completed + failed + terminated) / 60).toFixed(2) + ' per minute.';
    const svg = $('chart');
    clear(svg);
    const ns = 'http://www.w3.org/2000/svg';
    const W = 680, H = 240, left = 40, right = 50, bottom = 24, top = 10;
    const n = hour.completed.length;
    let max = 1;
    for (let i = 0; i < n; i++) { max = Math.max(max, hour.completed[i] + hour.failed[i] + hour.terminated[i]); }
    const plotH = H - bottom - top;
    const bw = (W - left - right) / n;
    function line(x1, y1, x2, y2) {
      const l = document.createElementNS(ns, 'line');
      l.setAttribute('x1', x1); l.setAttribute('y1', y1); l.setAttribute('x2', x2); l.setAttribute('y2', y2);
      l.setAttribute('class', 'axis');
      svg.appendChild(l);
    }
    function text(x, y, value, anchor) {
      const t = document.createElementNS(ns, 'text');
      t.setAttribute('x', x); t.setAttribute('y', y); t.setAttribute('text-anchor', anchor || 'start');
      t.textContent = value;
      svg.appendChild(t);
    }
    line(left, top, left, H - bottom);
    line(left, H - bottom, W - right, H - bottom);
    line(W - right, top, W - right, H - bottom);
    text(W - right + 4, top + 8, '100%');
    text(W - right + 4, H - bottom, '0%');
    text(left - 4, top + 8, String(max), 'end');
    text(left - 4, H - bottom, '0', 'end');
    text(left, H - 6, '60 min ago');
    text(W - right, H - 6, 'now', 'end');
    for (let i = 0; i < n; i++) {
      let y = H - bottom;
      [['completed', hour.completed[i]], ['failed', hour.failed[i]], ['terminated', hour.terminated[i]]].forEach(([cls, v]) => {
        if (v === 0) { return; }
        const h = plotH * v / max;
        y -= h;
        const r = document.createElementNS(ns, 'rect');
        r.setAttribute('x', (left + i * bw + 1).toFixed(1));
        r.setAttribute('y', y.toFixed(1));
        r.setAttribute('width', Math.max(1, bw - 2).toFixed(1));
        r.setAttribute('height', h.toFixed(1));
        r.setAttribute('class', cls);
        svg.appendChild(r);
      });
    }
    const points = [];
    for (let i = 0; i < n; i++) {
      const ended = hour.completed[i] + hour.failed[i];
      if (ended === 0) { continue; }
      const x = left + i * bw + bw / 2;
      const y = H - bottom - plotH * hour.failed[i] / ended;
      points.push(x.toFixed(1) + ',' + y.toFixed(1));
      const dot = document.createElementNS(ns, 'circle');
      dot.setAttribute('cx', x.toFixed(1)); dot.setAttribute('cy', y.toFixed(1)); dot.setAttribute('r', '3');
      dot.setAttribute('class', 'rate-point');
      svg.appendChild(dot);
    }
    if (points.length > 1) {
      const rate = document.createElementNS(ns, 'polyline');
      rate.setAttribute('points', points.join(' '));
      rate.setAttribute('class', 'rate');
      svg.appendChild(rate);
    }
  }

  async function refreshOverview() {
    try {
      renderOverview(await call(api + 'overview'));
      storeAvailable(true);
    } catch (e) {
      storeAvailable(false, e);
    }
  }

  // ---- job list ---------------------------------------------------------------------------------------------------
  function jobLink(id) {
    const b = el('button', id, 'link');
    b.type = 'button';
    b.dataset.job = id;
    b.setAttribute('aria-label', 'Show job ' + id);
    b.addEventListener('click', () => openDetail(id));
    return b;
  }

  function readFilters() {
    const f = {};
    ['status', 'type', 'owner', 'createdFrom', 'createdTo', 'pageSize'].forEach((name) => {
      const value = $('filters').elements[name].value.trim();
      if (value) { f[name] = value; }
    });
    return f;
  }

  async function loadPage() {
    // a slower answer to an older request (other filters, another page) must not overwrite a newer one
    const seq = state.listSeq = (state.listSeq || 0) + 1;
    const q = new URLSearchParams(state.filters);
    const token = state.tokens[state.page];
    if (token) { q.set('continuationToken', token); }
    const error = $('list-error');
    let page;
    try {
      page = await call(listPath + '?' + q.toString());
    } catch (e) {
      if (seq !== state.listSeq) { return; }
      if (e.status === 503 || e.status === 0) { storeAvailable(false, e); return; }
      error.hidden = false;
      error.textContent = e.message;
      return;
    }
    if (seq !== state.listSeq) { return; }
    error.hidden = true;
    if (!changed('list', [state.page, page])) { return; }
    const body = $('jobs-table').tBodies[0];
    clear(body);
    page.jobs.forEach((j) => {
      const row = el('tr');
      row.dataset.id = j.id;
      const idCell = el('td');
      idCell.appendChild(jobLink(j.id));
      row.appendChild(idCell);
      row.appendChild(el('td', j.type));
      row.appendChild(el('td', j.status, 'status-' + j.status));
      row.appendChild(el('td', j.owner));
      row.appendChild(el('td', j.attempt, 'num'));
      row.appendChild(el('td', dateTime(j.createdAt)));
      row.appendChild(el('td', dateTime(j.finishedAt)));
      body.appendChild(row);
    });
    if (page.jobs.length === 0) {
      const row = el('tr');
      const td = el('td', 'No jobs match these filters.');
      td.colSpan = 7;
      row.appendChild(td);
      body.appendChild(row);
    }
    state.tokens.length = state.page + 1;
    if (page.continuationToken) { state.tokens.push(page.continuationToken); }
    $('next').disabled = !page.continuationToken;
    $('prev').disabled = state.page === 0;
    $('page-label').textContent = 'Page ' + (state.page + 1) + ' · ' + page.jobs.length + ' jobs shown';
    $('jobs-caption').textContent = 'Jobs, page ' + (state.page + 1);
  }

  // ---- detail -----------------------------------------------------------------------------------------------------
  async function openDetail(id) {
    state.detailId = id;
    state.shown.detail = null;
    $('tab-detail').disabled = false;
    $('terminate-result').textContent = '';
    show('detail');
    await loadDetail();
    $('h-detail').focus();
  }

  async function loadDetail() {
    if (!state.detailId) { return; }
    const error = $('detail-error');
    let job;
    try {
      job = await call(api + 'jobs/' + encodeURIComponent(state.detailId));
    } catch (e) {
      if (e.status === 503 || e.status === 0) { storeAvailable(false, e); return; }
      error.hidden = false;
      error.textContent = e.message;
      $('terminate').disabled = true;
      return;
    }
    error.hidden = true;
    renderDetail(job);
  }

  function renderDetail(job) {
    if (!changed('detail', job)) { return; }
    const dl = $('detail');
    clear(dl);
    const rows = [
      ['Id', job.id], ['Type', job.type], ['Status', job.status], ['Owner', job.owner], ['Attempts', job.attempt],
      ['Created', dateTime(job.createdAt)], ['Updated', dateTime(job.updatedAt)],
      ['Started', dateTime(job.startedAt) || '–'], ['Finished', dateTime(job.finishedAt) || '–'],
      ['Queue wait', ms(job.queueWaitMs)], ['Run time', ms(job.runMs)],
      ['Lease', job.lease ? job.lease.workerId + ' until ' + dateTime(job.lease.expiresAt) : '–'],
      ['Failure code', job.failure ? job.failure.code : '–'],
      ['Failure message', job.failure ? job.failure.message : '–']
    ];
    rows.forEach(([label, value]) => {
      dl.appendChild(el('dt', label));
      const dd = el('dd', value);
      dd.dataset.field = label;
      dl.appendChild(dd);
    });
    $('detail-progress').textContent = job.progress === undefined ? 'None reported.' : JSON.stringify(job.progress, null, 2);
    $('detail-input').textContent = job.inputShown ? JSON.stringify(job.input, null, 2)
      : 'Not shown: this service does not show job input in the dashboard.';
    $('terminate').disabled = !(job.status === 'Pending' || job.status === 'Running');
    $('h-detail').textContent = 'Job ' + job.id;
    $('h-detail').tabIndex = -1;
  }

  // ---- actions ----------------------------------------------------------------------------------------------------
  function confirmThen(text, action) {
    $('confirm-text').textContent = text;
    state.confirmAction = action;
    $('confirm').showModal();
    $('confirm-no').focus();
  }

  async function terminate() {
    const id = state.detailId;
    const result = $('terminate-result');
    try {
      const job = await post(api + 'jobs/' + encodeURIComponent(id) + '/terminate');
      renderDetail(job);
      result.textContent = 'Termination requested: the job is now ' + job.status + '.';
    } catch (e) {
      result.textContent = 'Not terminated: ' + e.message;
    }
    refreshOverview();
  }

  async function purge() {
    const seconds = $('purge-age').value;
    const result = $('purge-result');
    try {
      const answer = await post(api + 'purge?olderThanSeconds=' + encodeURIComponent(seconds));
      result.textContent = 'Purged ' + answer.purged + ' finished jobs.';
    } catch (e) {
      result.textContent = 'Nothing purged: ' + e.message;
    }
    refreshOverview();
  }

  // ---- views and wiring -------------------------------------------------------------------------------------------
  function show(view) {
    state.view = view;
    state.shown.list = null;
    document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== 'view-' + view; });
    document.querySelectorAll('.tab').forEach((t) => {
      if (t.dataset.view === view) { t.setAttribute('aria-current', 'page'); } else { t.removeAttribute('aria-current'); }
    });
    if (view === 'jobs') { loadPage(); }
  }

  function tick() {
    refreshOverview();
    if (state.view === 'jobs') { loadPage(); }
    if (state.view === 'detail') { loadDetail(); }
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('.tab').forEach((t) => t.addEventListener('click', () => show(t.dataset.view)));
    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      state.filters = readFilters();
      state.tokens = [null];
      state.page = 0;
      state.shown.list = null;
      loadPage();
    });
    $('clear-filters').addEventListener('click', () => {
      $('filters').reset();
      state.filters = readFilters();
      state.tokens = [null];
      state.page = 0;
      loadPage();
    });
    $('next').addEventListener('click', () => { state.page += 1; loadPage(); });
    $('prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); loadPage(); });
    $('terminate').addEventListener('click', () =>
      confirmThen('Terminate job ' + state.detailId + '? Its handler is interrupted and the job ends as Terminated.', terminate));
    $('purge-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const age = $('purge-age');
      confirmThen('Delete every Completed, Failed and Terminated job finished ' + age.options[age.selectedIndex].text
        + '? This cannot be undone.', purge);
    });
    $('confirm-yes').addEventListener('click', () => {
      const action = state.confirmAction;
      state.confirmAction = null;
      $('confirm').close();
      if (action) { action(); }
    });
    $('confirm-no').addEventListener('click', () => { state.confirmAction = null; $('confirm').close(); });
    $('confirm').addEventListener('cancel', () => { state.confirmAction = null; });
    state.filters = readFilters();
    tick();
    window.setInterval(tick, refreshSeconds * 1000);
  });
}());
