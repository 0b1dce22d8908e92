// The water HMI. Every value on it comes from the supervisory server's API (/api/..., forwarded
// as it is by the HMI server); the page keeps no state of the plant of its own.
(function () {
  'use strict';
  const STAGES = [['INTAKE', 'Intake'], ['COAG', 'Coagulation'], ['FILTER', 'Filters'], ['CHLOR', 'Chlorination'], ['TRANSMIT', 'Transmission']];
  const ROLES = ['VIEWER', 'OPERATOR', 'ENGINEER'];
  const $ = (id) => document.getElementById(id);
  const state = { role: null, tags: {}, journalNext: 0, journal: [], pending: null, plot: null, plotKey: '',
                  cmdSubmission: newId(), timers: [], updates: 0 };
  window.hmi = state;

  function newId() { return (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now()); }
  function fmt(v) { return v === null || v === undefined ? 'unknown' : String(Math.round(v * 1000) / 1000); }
  function may(role) { return state.role !== null && ROLES.indexOf(state.role) >= ROLES.indexOf(role); }

  function say(text, refused) {
    const m = $('message');
    m.textContent = text;
    m.className = 'message' + (text ? (refused ? ' refused' : ' done') : '');
  }

  // A refusal is shown as the server words it; a lost session has already been said by loggedOut.
  function refuse(r) {
    if (r.status === 401) { return; }
    say('Refused: ' + (r.data.error || (r.data.status + ' ' + r.data.detail)), true);
  }

  async function api(method, path, body, submission) {
    const headers = {};
    if (method === 'POST') { headers['X-Submission-Id'] = submission || newId(); headers['Content-Type'] = 'application/json'; }
    const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    let data = null;
    try { data = await r.json(); } catch (e) { data = { error: 'HTTP ' + r.status }; }
    if (r.status === 401 && path !== '/hmi/login') { loggedOut(data.error || 'Not logged in.'); }
    return { status: r.status, data };
  }

  // ------------------------------------------------------------------ login
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = new URLSearchParams(); form.set('token', $('token').value);
    const r = await fetch('/hmi/login', { method: 'POST', body: form, credentials: 'same-origin' });
    const data = await r.json();
    $('token').value = '';
    if (r.status !== 200) { say(data.error, true); return; }
    loggedIn(data.user, data.role);
  });
  $('logout').addEventListener('click', async () => { await fetch('/hmi/logout', { method: 'POST' }); loggedOut('Logged out.'); });

  function loggedIn(user, role) {
    state.role = role;
    $('user').textContent = user; $('role').textContent = role;
    $('login').hidden = true; $('hmi').hidden = false; $('logout').hidden = false;
    say('Logged in as ' + user + ' (' + role + ').', false);
    if (state.followedFrom) { $('followed').textContent = state.followedFrom; }
    state.timers.forEach(clearInterval);
    state.timers = [setInterval(refresh, 500), setInterval(refreshJournal, 1000), setInterval(refreshTrend, 1000)];
    refresh().then(refreshTrend); refreshJournal();
  }

  function loggedOut(why) {
    state.timers.forEach(clearInterval); state.timers = [];
    state.role = null;
    $('user').textContent = 'not logged in'; $('role').textContent = '';
    $('login').hidden = false; $('hmi').hidden = true; $('logout').hidden = true;
    say(why, true);
  }

  // ------------------------------------------------------------------ contact, and following the partner
  // The page watches its own server (GET /api/health needs no login) every 0.5 s, logged in or not.
  // With no answer for CONTACT_LOSS_MS it says so at once, in the alarm colour. If its server named
  // the partner of its hot-standby pair (GET /hmi/pair), the page goes to the partner's page as soon
  // as that server answers, and says there where it came from and since when; the operator logs in
  // again (a login is per server). If its own server answers again first, the page stays.
  const CONTACT_LOSS_MS = 2000;
  const contact = { last: Date.now(), lostSince: null, partner: null, server: null, followedTo: null };
  state.contact = contact;
  fetch('/hmi/pair', { cache: 'no-store' }).then((r) => r.json()).then((d) => { contact.partner = d.partner; }).catch(() => {});

  async function watchContact() {
    try {
      const r = await fetch('/api/health', { cache: 'no-store', signal: AbortSignal.timeout(1000) });
      if (r.ok) {
        const h = await r.json();
        contact.server = h.server; contact.last = Date.now();
        if (contact.lostSince !== null) { contact.lostSince = null; $('contact').hidden = true; }
        return;
      }
    } catch (e) { /* no answer: below */ }
    if (Date.now() - contact.last < CONTACT_LOSS_MS) { return; }
    const name = contact.server || 'this server';
    if (contact.lostSince === null) {
      contact.lostSince = contact.last;
      $('server-state').textContent = 'NO CONTACT';
    }
    $('contact').hidden = false;
    $('contact').textContent = 'No contact with ' + name + ' since ' + new Date(contact.lostSince).toISOString().slice(11, 19)
      + ' UTC: values on this page are not updated.' + (contact.partner ? ' Trying its partner at ' + contact.partner + ' …'
      : ' This server has no partner.');
    if (contact.partner && contact.followedTo === null) {
      try {
        await fetch(contact.partner + 'api/health', { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(1000) });
      } catch (e) { return; } // the partner does not answer either: keep watching both
      contact.followedTo = contact.partner;
      window.location.assign(contact.partner + '#followed-from=' + encodeURIComponent(name)
        + '&since=' + encodeURIComponent(new Date(contact.lostSince).toISOString()));
    }
  }
  setInterval(watchContact, 500);

  (function saidWhereFrom() {
    const h = new URLSearchParams(window.location.hash.slice(1));
    if (!h.has('followed-from')) { return; }
    $('followed').hidden = false;
    state.followedFrom = 'Followed here from ' + h.get('followed-from') + ', which stopped answering at '
      + (h.get('since') || '?').slice(11, 19) + ' UTC.';
    $('followed').textContent = state.followedFrom + ' Log in to continue on this server.';
  })();

  // ------------------------------------------------------------------ overview, alarms, health
  async function refresh() {
    if (state.role === null) { return; }
    const [tags, board, health] = await Promise.all([api('GET', '/api/tags'), api('GET', '/api/alarms/board'), api('GET', '/api/health')]);
    if (health.status === 200) {
      $('server').textContent = health.data.server;
      $('server-state').textContent = health.data.active ? 'ACTIVE' : 'STANDBY';
    }
    if (tags.status === 200) { state.tags = tags.data; drawMimic(); fillSelects(); }
    else if (tags.status !== 401) { say('Tags: ' + tags.data.error, true); }
    if (board.status === 200) { drawAlarms(board.data); }
    state.updates++;
  }

  function drawMimic() {
    const mimic = $('mimic');
    if (!mimic.firstChild) {
      for (const [plc, title] of STAGES) {
        const d = document.createElement('div'); d.className = 'stage'; d.id = 'stage-' + plc;
        d.innerHTML = '<h3></h3><dl></dl>'; d.querySelector('h3').textContent = title + ' (' + plc + ')';
        mimic.appendChild(d);
      }
    }
    for (const [name, t] of Object.entries(state.tags)) {
      const plc = name.split('.')[0];
      const stage = $('stage-' + plc);
      if (!stage) { continue; }
      let dd = document.getElementById('tag-' + name);
      if (!dd) {
        const dt = document.createElement('dt'); dt.textContent = t.description || name; dt.title = name;
        dd = document.createElement('dd'); dd.id = 'tag-' + name;
        dd.innerHTML = '<span class="value"></span> <span class="unit"></span>';
        stage.querySelector('dl').append(dt, dd);
      }
      dd.querySelector('.value').textContent = fmt(t.value);
      dd.querySelector('.unit').textContent = t.unit || '';
      dd.className = 'q-' + t.quality;
      dd.dataset.quality = t.quality;
      dd.title = name + ': ' + t.quality + ' at ' + t.time;
    }
  }

  function alarmState(a) {
    if (a.shelved) { return 'SHELVED until ' + a.shelvedUntil.substring(11, 19) + ' UTC: ' + a.shelveReason; }
    if (a.active) { return a.acked ? 'ACKNOWLEDGED, active' : 'UNACKNOWLEDGED, active'; }
    return 'RETURNED TO NORMAL, unacknowledged';
  }

  function drawAlarms(board) {
    const f = $('flood');
    f.textContent = board.flood ? 'ALARM FLOOD: lower priorities suppressed' : 'No alarm flood';
    f.className = 'flood' + (board.flood ? ' on' : '');
    // rows are kept and updated in place, so that keyboard focus and a pointer on a button survive the refresh
    const body = $('alarms');
    const keep = new Set();
    let index = 0;
    for (const a of board.alarms) {
      keep.add('alarm-' + a.id);
      let tr = $('alarm-' + a.id);
      if (!tr) {
        tr = document.createElement('tr'); tr.id = 'alarm-' + a.id;
        for (let i = 0; i < 4; i++) { tr.appendChild(document.createElement('td')); }
        tr.children[2].className = 'alarm-state';
        const act = document.createElement('td');
        act.append(button('ack-' + a.id, 'Ack', () => alarmAction(a.id, 'ack')), ' ',
          button('shelve-' + a.id, 'Shelve', () => alarmAction(a.id, 'shelve')));
        tr.appendChild(act);
      }
      tr.className = (a.active && !a.shelved ? 'active ' : '') + (!a.acked ? 'unack ' : '') + (a.shelved ? 'shelved' : '');
      const cells = [a.priority, a.text + ' (' + a.tag + ')', alarmState(a), fmt(a.value)];
      cells.forEach((c, i) => { if (tr.children[i].textContent !== c) { tr.children[i].textContent = c; } });
      const [ackButton, shelveButton] = tr.lastChild.querySelectorAll('button');
      ackButton.disabled = a.acked || !may('OPERATOR');
      shelveButton.disabled = a.shelved || !may('OPERATOR');
      if (body.children[index] !== tr) { body.insertBefore(tr, body.children[index] || null); }
      index++;
    }
    for (const tr of [...body.children]) { if (!keep.has(tr.id)) { tr.remove(); } }
  }

  function button(id, text, onClick) {
    const b = document.createElement('button'); b.type = 'button'; b.id = id; b.textContent = text;
    b.addEventListener('click', onClick); return b;
  }

  async function alarmAction(id, action) {
    const body = action === 'shelve' ? { minutes: Number($('shelve-minutes').value), reason: $('shelve-reason').value } : undefined;
    const r = await api('POST', '/api/alarms/' + encodeURIComponent(id) + '/' + action, body);
    if (r.status === 200) { say((action === 'ack' ? 'Acknowledged ' : 'Shelved ') + id + '.', false); }
    else { refuse(r); }
    refresh();
  }

  // ------------------------------------------------------------------ commands
  function fillSelects() {
    const sel = $('cmd-tag');
    const writable = Object.entries(state.tags).filter(([, t]) => t.writable);
    if (sel.options.length !== writable.length) {
      sel.textContent = '';
      for (const [name, t] of writable) {
        const o = document.createElement('option'); o.value = name;
        o.textContent = name + ' (' + (t.min ?? '') + '…' + (t.max ?? '') + ' ' + (t.unit || '') + ', ' + t.writeRole + ')';
        sel.appendChild(o);
      }
      if (state.tags['CHLOR.cl_sp']) { sel.value = 'CHLOR.cl_sp'; }
    }
    for (const o of sel.options) { o.disabled = !may(state.tags[o.value].writeRole); }
    const any = [...sel.options].some((o) => !o.disabled);
    sel.disabled = !any; $('cmd-value').disabled = !any; $('cmd-prepare').disabled = !any;
    const t = state.tags[sel.value];
    $('cmd-role').textContent = !any ? 'Your role ' + state.role + ' may not command: controls disabled.'
      : 'Your role ' + state.role + '; ' + sel.value + ' needs ' + (t ? t.writeRole : '?') + '. Now ' + fmt(t && t.value) + ' ' + ((t && t.unit) || '') + '.';
    const tsel = $('trend-tags');
    if (tsel.options.length !== Object.keys(state.tags).length) {
      tsel.textContent = '';
      for (const name of Object.keys(state.tags)) {
        const o = document.createElement('option'); o.value = name; o.textContent = name;
        o.selected = name === 'CHLOR.cl_sp' || name === 'CHLOR.res_chlorine'; tsel.appendChild(o);
      }
    }
  }
  $('cmd-form').addEventListener('input', () => { state.cmdSubmission = newId(); });
  $('cmd-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const [plc, point] = $('cmd-tag').value.split('.');
    const text = $('cmd-value').value.trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) { say('Refused: "' + text + '" is not a number. Nothing was sent.', true); return; }
    const r = await api('POST', '/api/commands', { plc, point, value, requestId: state.cmdSubmission }, state.cmdSubmission);
    if (r.status !== 202) { refuse(r); return; }
    state.pending = r.data;
    $('cmd-summary').textContent = 'Prepared: ' + plc + '.' + point + ' from ' + fmt(r.data.oldValue) + ' to ' + fmt(value)
      + '. Confirm to write it.';
    $('cmd-pending').hidden = false; $('cmd-confirm').disabled = false;
    state.confirmSubmission = newId();
    say('Prepared; waiting for your confirmation.', false);
    $('cmd-confirm').focus();
  });
  $('cmd-confirm').addEventListener('click', async () => {
    if (!state.pending) { return; }
    const r = await api('POST', '/api/commands/' + encodeURIComponent(state.pending.confirmationId) + '/confirm', undefined, state.confirmSubmission);
    if (r.status === 200) {
      say('Done: ' + r.data.status + ' ' + (r.data.detail || ''), false);
      $('cmd-pending').hidden = true; state.pending = null;
    } else { refuse(r); }
    refresh(); refreshJournal();
  });
  $('cmd-cancel').addEventListener('click', () => { state.pending = null; $('cmd-pending').hidden = true; say('Cancelled: nothing written.', false); });

  // ------------------------------------------------------------------ journal
  async function refreshJournal() {
    if (state.role === null) { return; }
    for (let page = 0; page < 20; page++) {
      const r = await api('GET', '/api/journal?after=' + state.journalNext + '&limit=500');
      if (r.status !== 200) { return; }
      state.journal.push(...r.data.events);
      state.journalNext = r.data.next;
      if (!r.data.more) { break; }
    }
    state.journal = state.journal.slice(-200);
    const body = $('journal');
    body.textContent = '';
    for (const ev of state.journal.slice(-12).reverse()) {
      const tr = document.createElement('tr');
      for (const c of [ev.time.substring(11, 23), ev.server, ev.type, ev.source, ev.user, ev.detail]) {
        const td = document.createElement('td'); td.textContent = c; tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  // ------------------------------------------------------------------ trend
  $('trend-tags').addEventListener('change', refreshTrend);
  $('trend-range').addEventListener('change', refreshTrend);
  async function refreshTrend() {
    if (state.role === null) { return; }
    const tags = [...$('trend-tags').selectedOptions].map((o) => o.value).slice(0, 6);
    if (tags.length === 0) { return; }
    const to = new Date(Date.now() + 1000);
    const from = new Date(to.getTime() - Number($('trend-range').value) * 1000);
    const q = (t) => '/api/history?tag=' + encodeURIComponent(t) + '&from=' + from.toISOString() + '&to=' + to.toISOString();
    const replies = await Promise.all(tags.map((t) => api('GET', q(t))));
    const times = new Set();
    const series = replies.map((r) => { const m = new Map(); if (r.status === 200) { for (const s of r.data) { const x = Date.parse(s.time) / 1000; times.add(x); m.set(x, s.value); } } return m; });
    const xs = [...times].sort((a, b) => a - b);
    const data = [xs, ...series.map((m) => xs.map((x) => (m.has(x) ? m.get(x) : null)))];
    const key = tags.join(',');
    const el = $('trend');
    if (!state.plot || state.plotKey !== key) {
      if (state.plot) { state.plot.destroy(); }
      const dashes = [[], [6, 3], [2, 2], [10, 4], [4, 4, 1, 4], [1, 3]];
      const greys = ['#1a1a1a', '#0a3d91', '#5a5a5a', '#3a5a3a', '#6a3a6a', '#303030'];
      state.plot = new uPlot({ width: Math.max(260, el.clientWidth - 4), height: 160, scales: { x: { time: true } },
        series: [{}, ...tags.map((t, i) => ({ label: t, stroke: greys[i], dash: dashes[i], width: 1.5, spanGaps: true }))],
        cursor: { drag: { x: true, y: false } },
        hooks: { setSelect: [(u) => { if (u.select.width > 0) { state.zoomed = true; } }] } }, data, el);
      el.addEventListener('dblclick', () => { state.zoomed = false; });
      state.plotKey = key;
    } else { state.plot.setData(data, !state.zoomed); }
    const first = replies[0];
    if (first.status === 200 && first.data.length) {
      const s = first.data[first.data.length - 1];
      $('trend-last').textContent = tags[0] + ' last stored ' + fmt(s.value) + ' at ' + s.time.substring(11, 19) + ' UTC';
    }
  }
})();
