'use strict';
// The CCR display panel page: renders the snapshots the server pushes (server-sent events) and
// sends the panel's keys. Every key is the firmware panel's own command; the board decides, and its
// answer is shown in the message line. No library but uPlot (a WebJar) and nothing from elsewhere.
(function () {
  const STALE_AFTER_MS = 2000;
  const TREND_SECONDS = 60;
  let session = null;
  let busy = false;
  let readOnly = false;
  let lastUpdate = 0;
  let stepKeysFor = -1;
  let counter = 0;
  const trend = { t: [], i: [] };
  let plot = null;
  let plotDirty = false;

  const $ = (id) => document.getElementById(id);
  function setText(id, s) {
    const el = $(id);
    if (el.textContent !== s) el.textContent = s;
  }
  function setAbnormal(id, abnormal) {
    $(id).classList.toggle('abnormal', abnormal);
  }
  function fixed(x, n) { return x === null || x === undefined ? '–' : Number(x).toFixed(n); }

  async function openSession() {
    const r = await fetch('/api/session', { method: 'POST' });
    session = (await r.json()).session;
  }

  function submissionId() {
    counter += 1;
    const rnd = (window.crypto && crypto.getRandomValues) ? crypto.getRandomValues(new Uint32Array(2)).join('-') : String(Math.random());
    return Date.now() + '-' + counter + '-' + rnd;
  }

  function allButtons(disabled) {
    document.querySelectorAll('button, input').forEach((b) => { b.disabled = disabled; });
  }

  function showAnswer(a) {
    const m = $('message');
    m.textContent = a.message;
    m.className = 'message ' + (a.ok ? 'accepted' : 'refused');
  }

  // One key press: one submission id, every control disabled until the answer is in (no double send).
  async function send(action, value) {
    if (busy || readOnly) return;
    busy = true;
    allButtons(true);
    try {
      if (session === null) await openSession();
      const body = new URLSearchParams({ session: session, submission: submissionId(), action: action, value: value === undefined ? '' : String(value) });
      const r = await fetch('/api/panel/command', { method: 'POST', body: body });
      let a;
      try { a = await r.json(); } catch (e) { a = { ok: false, message: 'The regulator answered HTTP ' + r.status + '. Nothing was done.' }; }
      showAnswer(a);
    } catch (e) {
      showAnswer({ ok: false, message: 'No answer from the regulator: ' + e.message + '. The command may not have arrived.' });
    } finally {
      busy = false;
      allButtons(false);
    }
  }

  function buildStepKeys(n) {
    const box = $('step-keys');
    box.textContent = '';
    for (let s = 0; s <= n; s++) {
      const b = document.createElement('button');
      b.type = 'button';
      b.id = 'key-step-' + s;
      b.textContent = s === 0 ? 'OFF' : String(s);
      b.setAttribute('aria-label', s === 0 ? 'Local step off' : 'Local step ' + s);
      b.setAttribute('aria-pressed', 'false');
      b.addEventListener('click', () => send('step', s));
      box.appendChild(b);
    }
    stepKeysFor = n;
  }

  function renderAlarms(alarms) {
    const body = $('alarms');
    const key = JSON.stringify(alarms);
    if (body.dataset.key === key) return;
    body.dataset.key = key;
    body.textContent = '';
    if (alarms.length === 0) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = 3; td.textContent = 'none';
      tr.appendChild(td); body.appendChild(tr);
      return;
    }
    for (const a of alarms) {
      const tr = document.createElement('tr');
      tr.id = 'alarm-' + a.name;
      tr.className = (a.active ? 'active' : 'normal') + (a.acknowledged ? '' : ' unack');
      for (const text of [a.name, a.active ? 'ACTIVE' : 'returned to normal', a.acknowledged ? 'yes' : 'NO (unacknowledged)']) {
        const td = document.createElement('td'); td.textContent = text; tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  function renderEvents(events) {
    const ol = $('events');
    const key = events.length ? String(events[events.length - 1].sequence) : '0';
    if (ol.dataset.key === key) return;
    ol.dataset.key = key;
    ol.textContent = '';
    for (let k = events.length - 1; k >= 0; k--) {
      const e = events[k];
      const li = document.createElement('li');
      li.value = e.sequence;
      li.textContent = e.at.substring(11, 23) + ' ' + e.kind.replace('_', ' ') + ': ' + e.detail;
      if (e.kind === 'COMMAND_REFUSED' || e.kind === 'PROTECTION_TRIPPED') li.className = 'refused';
      ol.appendChild(li);
    }
  }

  function render(p) {
    if (p.readOnly && !readOnly) {
      readOnly = true;
      allButtons(true);
      $('message').textContent = 'Monitoring only: an acceptance run drives the regulator; the keys are off.';
    }
    if (p.stepCount !== stepKeysFor) buildStepKeys(p.stepCount);
    setText('active-step', String(p.activeStep));
    setText('step-count', String(p.stepCount));
    setText('commanded-step', String(p.commandedStep));
    setText('current', fixed(p.currentA, 2));
    setText('voltage', fixed(p.voltageV, 0));
    setText('va', fixed(p.apparentPowerVA, 0));
    setText('w', fixed(p.realPowerW, 0));
    setText('pf', fixed(p.powerFactor, 2));
    setText('failed-lamps', p.failedLamps === null ? '– (not configured)' : String(p.failedLamps));
    setText('insulation', p.insulationMegohms === null ? '> 999.9' : fixed(Math.min(999.9, p.insulationMegohms), 1));
    setText('state', p.state);
    const tripped = p.state === 'TRIPPED' || p.state === 'LOCKED_OUT';
    setAbnormal('state', tripped);
    setText('trip-cause', p.tripCause === null ? 'none' : p.tripCause);
    setAbnormal('trip-cause', p.tripCause !== null);
    setText('link-lost', p.linkLost ? 'LOST' : 'ok');
    setAbnormal('link-lost', p.linkLost);
    setText('settings', p.settingsLocked ? 'LOCKED' : 'UNLOCKED (auto-lock)');
    setText('selector', p.selector);
    for (const pos of ['REMOTE', 'OFF', 'LOCAL']) {
      $('key-' + pos.toLowerCase()).setAttribute('aria-pressed', String(p.selector === pos));
    }
    for (let s = 0; s <= p.stepCount; s++) {
      const b = $('key-step-' + s);
      if (b) b.setAttribute('aria-pressed', String(p.commandedStep === s));
    }
    renderAlarms(p.alarms);
    renderEvents(p.events);
    lastUpdate = Date.now();
    window.ccrPanel.lastSnapshot = p;
    window.ccrPanel.updates += 1;
    const t = p.sentAtMs / 1000;
    trend.t.push(t); trend.i.push(p.currentA);
    while (trend.t.length && trend.t[0] < t - TREND_SECONDS) { trend.t.shift(); trend.i.shift(); }
    plotDirty = true;
  }

  function checkStale() {
    const stale = Date.now() - lastUpdate > STALE_AFTER_MS;
    document.body.classList.toggle('stale', stale);
    const l = $('link');
    l.classList.toggle('stale', stale);
    const text = lastUpdate === 0 ? 'connecting…' : stale
      ? 'NO DATA for ' + ((Date.now() - lastUpdate) / 1000).toFixed(0) + ' s: values are stale'
      : 'live, ' + window.ccrPanel.updates + ' updates';
    if (l.textContent !== text) l.textContent = text;
  }

  function drawTrend() {
    if (!plotDirty || typeof uPlot === 'undefined') return;
    plotDirty = false;
    const el = $('trend');
    const data = [trend.t.slice(), trend.i.slice()];
    if (plot === null) {
      plot = new uPlot({
        width: Math.max(240, el.clientWidth), height: 150,
        series: [{}, { label: 'Current A', stroke: '#1a1a1a', width: 1.5 }],
        axes: [{ stroke: '#4a4a4a' }, { stroke: '#4a4a4a' }],
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } }, legend: { show: false }
      }, data, el);
    } else {
      plot.setData(data);
    }
  }

  function wire() {
    for (const pos of ['REMOTE', 'OFF', 'LOCAL']) {
      $('key-' + pos.toLowerCase()).addEventListener('click', () => send('selector', pos));
    }
    $('key-up').addEventListener('click', () => send('up'));
    $('key-down').addEventListener('click', () => send('down'));
    $('acknowledge').addEventListener('click', () => send('acknowledge'));
    $('reset').addEventListener('click', () => send('reset'));
    $('lock').addEventListener('click', () => send('lock'));
    $('unlock-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const p = $('password').value; $('password').value = '';
      send('unlock', p);
    });
    $('step-form').addEventListener('submit', (e) => { e.preventDefault(); send('step', $('step-entry').value); });
  }

  window.ccrPanel = { updates: 0, lastSnapshot: null, session: () => session };
  wire();
  openSession().catch(() => {});
  const es = new EventSource('/api/panel/live');
  es.addEventListener('panel', (e) => render(JSON.parse(e.data)));
  setInterval(checkStale, 250);
  setInterval(drawTrend, 500);
})();
