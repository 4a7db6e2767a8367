// sitrep dashboard: a map, a timeline, the tallies and each entry's evidence. No library, no network
// beyond this server. Document text is only ever set with textContent, never parsed as HTML.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const EVENT_POINTS = 1000;
const PAGE = 100;
// AGCHO's spellings where the gazetteer (and so the entries) use the press spelling.
const AGCHO_TO_PRESS = {
  'Hilmand': 'Helmand', 'Hirat': 'Herat', 'Jawzjan': 'Jowzjan', 'Maidan Wardak': 'Wardak',
  'Paktya': 'Paktia', 'Panjsher': 'Panjshir', 'Sar-e-Pul': 'Sar-e Pul',
};
const FIELD_ORDER = ['claimant', 'spokesperson', 'perpetrator', 'target', 'event_type', 'sub_event_type', 'weapon',
  'province', 'district', 'place', 'killed', 'wounded', 'captured', 'destroyed', 'attacks', 'period', 'date'];

const $ = (id) => document.getElementById(id);
// `fresh`: the entries that arrived while the page was open (marked as new).
const state = { provinces: null, events: [], next: null, total: 0, fresh: new Set() };

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function svgEl(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}
function status(message, error) {
  $('status').textContent = message || '';
  $('status').className = error ? 'error' : '';
}
async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await response.json(); } catch (_) { /* not JSON */ }
  if (!response.ok) {
    const err = new Error((body && body.message) || `${response.status} ${response.statusText}`);
    err.status = response.status;
    throw err;
  }
  return body;
}
function filterParams() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData($('filters'))) if (String(v).trim()) params.set(k, String(v).trim());
  return params;
}
function fatalities(c) { return c ? (c.best ?? c.low ?? 0) : 0; }
function countText(c) {
  if (!c) return '';
  if (c.best !== null && c.low === c.best && c.high === c.best) return String(c.best);
  if (c.best !== null && c.high === null) return `${c.best}+`;
  if (c.best === null && c.low !== null && c.high === null) return `≥${c.low}`;
  return `${c.low ?? '-'}/${c.best ?? '-'}/${c.high ?? '-'}`;
}

// ---- map --------------------------------------------------------------------------------------------
const MAP_W = 800, MAP_H = 600;
function projection(features) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) for (const ring of rings(f.geometry)) for (const [lon, lat] of ring) {
    x0 = Math.min(x0, lon); x1 = Math.max(x1, lon); y0 = Math.min(y0, lat); y1 = Math.max(y1, lat);
  }
  const k = Math.cos(((y0 + y1) / 2) * Math.PI / 180); // equirectangular, true at the middle latitude
  const scale = Math.min((MAP_W - 20) / ((x1 - x0) * k), (MAP_H - 20) / (y1 - y0));
  const dx = (MAP_W - (x1 - x0) * k * scale) / 2, dy = (MAP_H - (y1 - y0) * scale) / 2;
  return ([lon, lat]) => [dx + (lon - x0) * k * scale, dy + (y1 - lat) * scale];
}
function rings(g) {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}
function pathOf(g, project) {
  return rings(g).map((ring) => 'M' + ring.map((p) => project(p).map((v) => v.toFixed(1)).join(',')).join('L') + 'Z').join('');
}
function shade(t) {
  // white → dark red
  const a = [247, 244, 239], b = [165, 15, 21];
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * Math.sqrt(t)));
  return `rgb(${c.join(',')})`;
}
function drawMap(tallyRows, events) {
  const svg = $('map');
  svg.replaceChildren();
  if (!state.provinces) return;
  const feats = state.provinces.features;
  const project = state.project;
  const measure = $('shade').value;
  const byName = new Map(tallyRows.map((r) => [String(r.key || '').toLowerCase(), r]));
  const max = Math.max(1, ...tallyRows.filter((r) => r.key).map((r) => r[measure]));
  const selected = ($('province').value || '').toLowerCase();
  const labels = svgEl('g');
  for (const f of feats) {
    const name = f.properties.name;
    const row = byName.get(name.toLowerCase());
    const value = row ? row[measure] : 0;
    const p = svgEl('path', { d: pathOf(f.geometry, project), class: 'province', fill: value ? shade(value / max) : '#eef0f2', 'data-province': name });
    if (name.toLowerCase() === selected) p.classList.add('selected');
    const t = svgEl('title');
    t.textContent = `${name}: ${row ? (row.incidents ?? row.entries) : 0} incidents, ${row ? row.killed : 0} killed`;
    p.appendChild(t);
    p.addEventListener('click', () => { $('province').value = selected === name.toLowerCase() ? '' : name; reload(); });
    svg.appendChild(p);
    const [cx, cy] = project(f.centroid);
    const label = svgEl('text', { x: cx.toFixed(1), y: cy.toFixed(1), class: 'plabel' });
    label.textContent = name;
    labels.appendChild(label);
  }
  svg.appendChild(labels);
  for (const e of events) {
    if (typeof e.lat !== 'number' || typeof e.lon !== 'number') continue;
    const [x, y] = project([e.lon, e.lat]);
    const c = svgEl('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: (3 + Math.min(6, Math.sqrt(fatalities(e.killed)))).toFixed(1), class: 'point', 'data-entry': e.entry_id });
    const t = svgEl('title');
    t.textContent = `${e.date ? e.date.start : 'undated'} ${e.place || e.district || e.province || ''}: ${e.sub_event_type || e.event_type || ''}`;
    c.appendChild(t);
    c.addEventListener('click', () => openEntry(e.entry_id, e.document_id));
    svg.appendChild(c);
  }
}
async function loadProvinces() {
  const geo = await getJSON('/geo/provinces.geojson');
  for (const f of geo.features) {
    const en = f.properties.ADM1_EN;
    f.properties.name = AGCHO_TO_PRESS[en] || en;
    // centroid of the largest ring's vertices: good enough for a label
    const ring = rings(f.geometry).reduce((a, b) => (b.length > a.length ? b : a), []);
    f.centroid = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
  }
  geo.features.sort((a, b) => a.properties.name.localeCompare(b.properties.name));
  state.provinces = geo;
  state.project = projection(geo.features);
  const select = $('province');
  for (const f of geo.features) select.appendChild(el('option', { value: f.properties.name }, f.properties.name));
}

// ---- timeline ----------------------------------------------------------------------------------------
function drawTimeline(events) {
  const svg = $('timeline');
  svg.replaceChildren();
  const dated = events.filter((e) => e.date && e.date.start);
  if (!dated.length) {
    const t = svgEl('text', { x: 20, y: 30 }); t.textContent = 'No dated entries.'; svg.appendChild(t); return;
  }
  const counts = new Map();
  for (const e of dated) { const a = e.perpetrator || 'unknown'; counts.set(a, (counts.get(a) || 0) + 1); }
  const actors = [...counts.entries()].sort((a, b) => b[1] - a[1]).map((a) => a[0]);
  const shown = actors.slice(0, 9);
  const rowOf = (e) => { const i = shown.indexOf(e.perpetrator || 'unknown'); return i < 0 ? shown.length : i; };
  const rows = shown.length + (actors.length > shown.length ? 1 : 0);
  const W = 1200, left = 190, right = 20, top = 20, rowH = 26;
  const H = top + rows * rowH + 30;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const day = (s) => Date.parse(s + 'T00:00:00Z');
  let t0 = Math.min(...dated.map((e) => day(e.date.start))), t1 = Math.max(...dated.map((e) => day(e.date.end || e.date.start)));
  if (t1 - t0 < 86400000) { t0 -= 86400000 * 3; t1 += 86400000 * 3; }
  const x = (t) => left + (t - t0) / (t1 - t0) * (W - left - right);
  for (let i = 0; i < rows; i++) {
    const y = top + i * rowH + rowH / 2;
    svg.appendChild(svgEl('line', { x1: left, x2: W - right, y1: y, y2: y }));
    const label = svgEl('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', class: 'actor' });
    label.textContent = i < shown.length ? shown[i] : `${actors.length - shown.length} other actors`;
    svg.appendChild(label);
  }
  const ticks = 6;
  let lastLabel = '';
  for (let i = 0; i <= ticks; i++) {
    const t = t0 + (t1 - t0) * i / ticks;
    const text = new Date(t).toISOString().slice(0, 10);
    if (text === lastLabel) continue;
    lastLabel = text;
    const label = svgEl('text', { x: x(t), y: H - 8, 'text-anchor': i === ticks ? 'end' : 'middle' });
    label.textContent = text;
    svg.appendChild(label);
  }
  for (const e of dated) {
    const mid = (day(e.date.start) + day(e.date.end || e.date.start)) / 2;
    const c = svgEl('circle', { cx: x(mid).toFixed(1), cy: top + rowOf(e) * rowH + rowH / 2, r: (3 + Math.min(8, Math.sqrt(fatalities(e.killed)))).toFixed(1), 'data-entry': e.entry_id });
    const t = svgEl('title');
    t.textContent = `${e.date.start} ${e.perpetrator || 'unknown'} → ${e.target || '?'} (${e.province || 'no province'}), killed ${countText(e.killed) || 0}`;
    c.appendChild(t);
    c.addEventListener('click', () => openEntry(e.entry_id, e.document_id));
    svg.appendChild(c);
  }
}

// ---- tally and list ----------------------------------------------------------------------------------
function drawTally(t) {
  const body = $('tally').tBodies[0];
  body.replaceChildren();
  for (const r of t.rows) {
    const tr = el('tr');
    tr.appendChild(el('td', {}, r.key ?? '(not stated)'));
    for (const k of ['incidents', 'killed', 'wounded']) tr.appendChild(el('td', { class: 'num' }, r[k] ?? r.entries ?? 0));
    body.appendChild(tr);
  }
  const ignored = (t.filters_ignored || []).length ? ` Not applied to incidents: ${t.filters_ignored.join(', ')} (entries only).` : '';
  $('tally-note').textContent = (t.note || '') + staleNote(t) + ignored;
}
// Incident answers come from the incidents as last linked; entries stored since are linked in the background.
function staleNote(t) {
  if (!t || !t.stale) return '';
  return ` (${t.unlinked_entries || 0} entries stored since the last linking are not counted yet${t.relinking ? '; linking now' : ''})`;
}
function eventRow(e) {
  const tr = el('tr', { 'data-entry': e.entry_id });
  const cells = [e.date ? e.date.start : '', e.province, e.claimant, e.perpetrator, e.target, e.sub_event_type || e.event_type, countText(e.killed)];
  for (const c of cells) tr.appendChild(el('td', {}, c ?? ''));
  const ev = el('td', { class: 'evidence', dir: 'auto' }, e.evidence ? e.evidence.text : '');
  tr.appendChild(ev);
  tr.addEventListener('click', () => openEntry(e.entry_id, e.document_id));
  if (state.fresh.has(e.entry_id)) tr.classList.add('new');
  return tr;
}
function drawEvents(append) {
  const body = $('events').tBodies[0];
  if (!append) body.replaceChildren();
  const from = append ? body.rows.length : 0;
  for (const e of state.events.slice(from, from + PAGE)) body.appendChild(eventRow(e));
  $('events-count').textContent = `${body.rows.length} shown of ${state.total}`;
  $('more').hidden = body.rows.length >= state.events.length && !state.next;
}
async function more() {
  const body = $('events').tBodies[0];
  if (body.rows.length < state.events.length) { drawEvents(true); return; }
  if (!state.next) return;
  const params = filterParams(); params.set('limit', PAGE); params.set('cursor', state.next);
  const page = await getJSON('/api/events?' + params);
  state.events.push(...page.events); state.next = page.next;
  drawEvents(true);
}

// ---- entry view --------------------------------------------------------------------------------------
function fieldValue(e, f) {
  const v = f === 'date' ? (e.date ? `${e.date.start}${e.date.end !== e.date.start ? ' – ' + e.date.end : ''} (${e.date.precision})` : null)
    : ['killed', 'wounded', 'captured'].includes(f) ? countText(e[f])
    : f === 'destroyed' ? (e.destroyed || []).map((d) => `${d.count ?? '?'} ${d.item}`).join(', ')
    : e[f];
  return v === null || v === undefined || v === '' ? null : String(v);
}
// Pieces of `text` cut at every span boundary, each with the fields covering it. Offsets are UTF-16
// code units (JavaScript string indices), given by the API, so Arabic text is cut exactly.
function segments(text, spans, evidence) {
  const cuts = new Set([0, text.length]);
  const all = [];
  for (const [field, ranges] of Object.entries(spans)) for (const [s, e] of ranges) {
    if (field === 'evidence') continue; // shown as the evidence backdrop, not as a field
    if (Number.isInteger(s) && Number.isInteger(e) && s < e && e <= text.length) { all.push({ field, s, e }); cuts.add(s); cuts.add(e); }
  }
  if (evidence) { cuts.add(evidence[0]); cuts.add(evidence[1]); }
  const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = all.filter((x) => x.s <= a && b <= x.e);
    out.push({
      text: text.slice(a, b),
      fields: [...new Set(covering.map((x) => x.field))],
      starts: [...new Set(covering.filter((x) => x.s === a).map((x) => x.field))],
      evidence: !!evidence && evidence[0] <= a && b <= evidence[1],
    });
  }
  return out;
}
async function openEntry(entryId, documentId) {
  try {
    status('Loading entry…');
    const doc = await getJSON(`/api/documents/${encodeURIComponent(documentId)}`);
    const e = doc.entries.find((x) => x.entry_id === entryId);
    if (!e) throw new Error(`entry ${entryId} is not a current entry of document ${documentId}`);
    $('entry-panel').hidden = false;
    $('entry-title').textContent = `${e.id} (${e.kind}) of document ${doc.id}: ${doc.title || doc.url || doc.origin}`;
    const fields = el('table');
    for (const f of FIELD_ORDER) {
      const v = fieldValue(e, f);
      if (v === null) continue;
      const tr = el('tr');
      const name = el('th'); name.appendChild(el('span', { class: `sw f-${f}` }, f)); tr.appendChild(name);
      tr.appendChild(el('td', { dir: 'auto' }, v));
      fields.appendChild(tr);
    }
    $('entry-fields').replaceChildren(fields);
    const spans = e.spans_utf16 || {};
    $('legend').replaceChildren(...Object.keys(spans).filter((f) => f !== 'evidence').map((f) => el('span', { class: `sw f-${f}` }, f)), el('span', { class: 'sw evidence' }, 'evidence (whole statement)'));
    const box = $('doc-text');
    box.setAttribute('dir', doc.direction === 'rtl' ? 'rtl' : 'ltr');
    box.setAttribute('lang', doc.language || '');
    box.replaceChildren();
    const evidence = e.evidence && Number.isInteger(e.evidence.start_utf16) ? [e.evidence.start_utf16, e.evidence.end_utf16] : null;
    for (const seg of segments(doc.text, spans, evidence)) {
      let node;
      if (seg.fields.length) {
        node = el('mark', { class: seg.fields.map((f) => `f-${f}`).join(' '), 'data-fields': seg.fields.join(' '), title: seg.fields.join(', ') }, seg.text);
        if (seg.starts.length) node.setAttribute('data-label', seg.starts.join(', '));
      } else {
        node = document.createTextNode(seg.text);
      }
      if (seg.evidence) { const wrap = el('span', { class: 'evidence' }); wrap.appendChild(node); node = wrap; }
      box.appendChild(node);
    }
    box.setAttribute('data-entry', String(e.entry_id));
    // A permalink: the page's address names the entry, and opening that address opens it.
    const permalink = `#entry=${e.entry_id}`;
    $('entry-link').setAttribute('href', permalink);
    if (location.hash !== permalink) history.replaceState(null, '', permalink);
    const first = box.querySelector('mark');
    $('entry-panel').scrollIntoView({ block: 'start' });
    if (first) box.scrollTop = Math.max(0, first.offsetTop - box.offsetTop - 40);
    status('');
  } catch (err) {
    status(`Could not open the entry: ${err.message}`, true);
  }
}

// The entry named by the address (`#entry=ID`), if any.
async function openFromAddress() {
  const m = /^#entry=(\d+)$/.exec(location.hash);
  if (!m) return;
  const id = Number(m[1]);
  try {
    const entry = await getJSON(`/api/events/${id}`);
    await openEntry(id, entry.document_id);
  } catch (err) {
    status(`Could not open entry ${id}: ${err.message}`, true);
  }
}

// ---- incidents ---------------------------------------------------------------------------------------
async function loadIncidents() {
  try {
    const data = await getJSON('/api/incidents?' + filterParams());
    const list = $('incidents');
    list.replaceChildren();
    const incidents = data.incidents || [];
    $('incidents-note').textContent = `${incidents.length} incidents`;
    for (const inc of incidents.slice(0, 200)) {
      const b = el('button', { type: 'button' }, `#${inc.id} ${inc.province || ''} ${inc.date ? inc.date.start || '' : ''}`);
      b.addEventListener('click', () => openIncident(inc.id));
      list.appendChild(b);
    }
  } catch (err) {
    $('incidents-note').textContent = `Incidents are not available: ${err.message}`;
  }
}
async function openIncident(id) {
  try {
    const inc = await getJSON(`/api/incidents/${encodeURIComponent(id)}`);
    const box = $('claims');
    box.replaceChildren();
    for (const e of inc.entries || inc.claims || []) {
      const card = el('div', { class: 'claim' });
      card.appendChild(el('h3', {}, e.claimant || 'unknown claimant'));
      for (const f of ['perpetrator', 'target', 'date', 'province', 'district', 'killed', 'wounded', 'captured']) {
        const v = fieldValue(e, f);
        if (v !== null) card.appendChild(el('div', {}, `${f}: ${v}`));
      }
      if (e.evidence) card.appendChild(el('blockquote', { dir: 'auto' }, e.evidence.text));
      box.appendChild(card);
    }
  } catch (err) {
    status(`Could not open the incident: ${err.message}`, true);
  }
}

// ---- report ------------------------------------------------------------------------------------------
// The newsroom report for the period, province and actor of the filters; its text is set as text only.
async function loadReport() {
  const params = new URLSearchParams();
  const f = filterParams();
  for (const k of ['since', 'until', 'province']) if (f.get(k)) params.set(k, f.get(k));
  const actor = f.get('actor') || f.get('claimant');
  if (actor) params.set('actor', actor);
  const box = $('report');
  try {
    const r = await getJSON('/api/report?' + params);
    box.replaceChildren(el('h3', {}, r.title));
    for (const p of r.paragraphs || []) box.appendChild(el('p', { dir: 'auto' }, p.text));
    if (!(r.paragraphs || []).length) box.appendChild(el('p', {}, 'No claimed incidents in this period.'));
    $('report-note').textContent = `${r.incidents} incidents, each counted once, as claimed` + staleNote(r);
  } catch (err) {
    box.replaceChildren();
    $('report-note').textContent = `The report is not available: ${err.message}`;
  }
}

// ---- loading -----------------------------------------------------------------------------------------
let lastTally = [];
async function reload() {
  status('Loading…');
  const params = filterParams();
  const ev = new URLSearchParams(params); ev.set('limit', EVENT_POINTS);
  const byProvince = new URLSearchParams(params); byProvince.set('by', 'province');
  const byOther = new URLSearchParams(params); byOther.set('by', $('tally-by').value);
  try {
    const [events, provinces, tally] = await Promise.all([
      getJSON('/api/events?' + ev), getJSON('/api/tally?' + byProvince), getJSON('/api/tally?' + byOther),
    ]);
    state.events = events.events; state.next = events.next; state.total = events.total;
    lastTally = provinces.rows;
    drawMap(lastTally, state.events);
    drawTimeline(state.events);
    drawTally(tally);
    drawEvents(false);
    fillLists(state.events);
    status(events.total > state.events.length ? `Map and timeline show the first ${state.events.length} of ${events.total} entries.` : '');
  } catch (err) {
    status(`Could not load: ${err.message}`, true);
  }
  loadIncidents();
  loadReport();
}
// ---- live updates ------------------------------------------------------------------------------------
// The server says when the stored entries change (/api/stream, server-sent events): the dashboard loads
// again and marks the entries it had not shown under the same filters, which can only have arrived since.
function listen() {
  if (!window.EventSource) return;
  let generation = null;
  new EventSource('/api/stream').addEventListener('update', (ev) => {
    const update = JSON.parse(ev.data);
    const first = generation === null;
    generation = update.generation;
    if (!first) liveReload().catch((err) => status(err.message, true));
  });
}
async function liveReload() {
  const before = new Set(state.events.map((e) => e.entry_id));
  await reload();
  for (const e of state.events) if (!before.has(e.entry_id)) state.fresh.add(e.entry_id);
  markFresh();
}
function markFresh() {
  for (const node of document.querySelectorAll('#events tbody tr, #map circle.point, #timeline circle')) {
    node.classList.toggle('new', state.fresh.has(Number(node.getAttribute('data-entry'))));
  }
  const n = state.fresh.size;
  $('live').textContent = n ? `${n} new ${n === 1 ? 'entry' : 'entries'} since this page was opened (marked)` : '';
}
function fillLists(events) {
  const fill = (id, values) => $(id).replaceChildren(...[...new Set(values.filter(Boolean))].sort().map((v) => el('option', { value: v })));
  fill('actors', events.flatMap((e) => [e.perpetrator, e.target]));
  fill('claimants', events.map((e) => e.claimant));
}

document.addEventListener('DOMContentLoaded', async () => {
  $('filters').addEventListener('submit', (ev) => { ev.preventDefault(); reload(); });
  $('clear').addEventListener('click', () => { $('filters').reset(); reload(); });
  $('shade').addEventListener('change', () => drawMap(lastTally, state.events));
  $('tally-by').addEventListener('change', reload);
  $('province').addEventListener('change', reload);
  $('more').addEventListener('click', () => more().catch((err) => status(err.message, true)));
  $('close-entry').addEventListener('click', () => {
    $('entry-panel').hidden = true;
    history.replaceState(null, '', location.pathname + location.search);
  });
  window.addEventListener('hashchange', openFromAddress);
  try { await loadProvinces(); } catch (err) { status(`Could not load the map: ${err.message}`, true); }
  await reload();
  await openFromAddress();
  listen();
  document.body.setAttribute('data-ready', '1');
});
