// One repo: where it stands, its migrations and their SQL, its sets, its runs, and the actions its role allows.
import { enc, h, replace, when } from './dom.js?v=@cairn.ui.build@';
import { describe, get, may } from './api.js?v=@cairn.ui.build@';
import { statusBadge, unreachableBadge } from './badges.js?v=@cairn.ui.build@';
import { bars } from './charts.js?v=@cairn.ui.build@';
import { actions, resolveForm } from './actions.js?v=@cairn.ui.build@';

export async function showRepo(view, id) {
  const { main } = view;
  const aborted = new AbortController();
  view.onLeave(() => aborted.abort());
  const signal = aborted.signal;
  replace(main, h('p', {}, 'Loading\u2026'));
  const base = `/repos/${enc(id)}`;
  const [repo, status, migrations, runs] = await Promise.allSettled([
    get(base, { signal }), get(`${base}/status`, { signal }), get(`${base}/migrations`, { signal }),
    get(`${base}/runs`, { signal })]);
  if (signal.aborted) return;
  if (repo.status === 'rejected') {
    replace(main, h('h1', {}, id), h('p', { class: 'problem', role: 'alert' }, describe(repo.reason)));
    return;
  }
  const r = repo.value;
  const s = status.status === 'fulfilled' ? status.value : null;
  const refresh = () => showRepo(view, id);
  replace(main,
    h('p', {}, h('a', { href: '#/' }, '\u2190 All repos')),
    h('h1', {}, r.id, ' ', s ? statusBadge(s) : unreachableBadge(status.reason)),
    facts(r, s),
    s ? null : h('p', { class: 'problem', role: 'alert' }, describe(status.reason)),
    s && s.runInProgress ? h('p', { class: 'running' }, 'A run is in progress: ',
      h('a', { href: `#/runs/${enc(s.runInProgress.runId)}` }, `watch ${s.runInProgress.runId}`)) : null,
    s && s.dirty ? dirtyBlock(id, s.dirty, refresh) : null,
    may('deploy') ? actions(id, s) : null,
    h('h2', {}, 'Migrations'),
    migrationTable(id, s, migrations.status === 'fulfilled' ? migrations.value : [], signal),
    s && s.sets ? setTable(s.sets) : null,
    h('h2', {}, 'Runs'),
    runs.status === 'fulfilled' ? runTable(runs.value) : h('p', { class: 'problem' }, describe(runs.reason)));
}

function facts(r, s) {
  const labels = Object.entries(r.labels || {}).map(([k, v]) => `${k}:${v}`).join(', ');
  const item = (term, value) => value === undefined || value === null || value === '' ? null
    : [h('dt', {}, term), h('dd', {}, value)];
  return h('dl', { class: 'facts' },
    item('Engine', r.engine), item('Prefix', r.prefix), item('Labels', labels),
    item('Version', s ? (s.version ?? 'none') : null), item('Pending', s ? s.pending : null),
    item('Ledger', r.ledgerTable));
}

function dirtyBlock(id, dirty, refresh) {
  return h('section', { class: 'card dirty', 'aria-labelledby': 'dirty-title' },
    h('h2', { id: 'dirty-title' }, 'Dirty'),
    h('p', {}, `Version ${dirty.version} stopped part-way (${dirty.direction}) after `,
      h('strong', { class: 'statements-done' },
        `${dirty.statementsDone} statement${dirty.statementsDone === 1 ? '' : 's'}`),
      dirty.since ? ` since ${when(dirty.since)}` : '', '. Fix the database by hand, then resolve.'),
    may('admin') ? resolveForm(id, dirty, refresh) : null);
}

function stateWords(entry, dirty) {
  const words = [entry.status === 'up' ? 'up' : 'pending'];
  if (dirty && dirty.version === entry.version) words.push('dirty');
  if (entry.outOfOrder) words.push('out-of-order');
  if (entry.modified) words.push('modified');
  if (entry.missing) words.push('missing');
  return words;
}

function migrationTable(id, s, stored, signal) {
  const entries = s ? s.migrations : stored.map(m => ({ version: m.version, name: m.name, status: 'unknown' }));
  if (!entries.length) return h('p', {}, 'No migrations stored.');
  const body = h('tbody');
  for (const entry of entries) {
    const sqlRow = h('tr', { class: 'sql-row', hidden: true }, h('td', { colspan: 5 }));
    const toggle = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false',
      onclick: () => showSql(id, entry.version, toggle, sqlRow, signal) }, 'SQL');
    body.append(h('tr', { 'data-version': entry.version },
      h('td', { class: 'num' }, entry.version),
      h('td', {}, entry.name || ''),
      h('td', { class: 'state' }, s ? stateWords(entry, s.dirty).map(w => h('span', { class: `tag tag-${w}` }, w)) : 'unknown'),
      h('td', {}, when(entry.appliedAt)),
      h('td', {}, entry.missing ? '' : toggle)), sqlRow);
  }
  return h('table', { class: 'migrations' },
    h('thead', {}, h('tr', {}, ['Version', 'Name', 'State', 'Applied', 'Script'].map(t => h('th', { scope: 'col' }, t)))),
    body);
}

async function showSql(id, version, toggle, row, signal) {
  const open = toggle.getAttribute('aria-expanded') === 'true';
  toggle.setAttribute('aria-expanded', String(!open));
  row.hidden = open;
  if (open || row.dataset.loaded) return;
  const cell = row.firstChild;
  try {
    const m = await get(`/repos/${enc(id)}/migrations/${enc(version)}`, { signal });
    row.dataset.loaded = 'yes';
    replace(cell, h('h3', {}, 'up'), h('pre', { class: 'sql' }, m.up ?? ''),
      h('h3', {}, 'down'), h('pre', { class: 'sql' }, m.down ?? '(none: irreversible)'));
  } catch (e) {
    replace(cell, h('p', { class: 'problem' }, describe(e)));
  }
}

function setTable(sets) {
  return [h('h2', {}, 'Sets'), h('table', { class: 'sets' },
    h('thead', {}, h('tr', {}, ['Set', 'Migrated', 'Latest', 'Pending'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, sets.map(set => h('tr', {},
      h('td', {}, set.id), h('td', { class: 'num' }, set.migratedVersion ?? 'none'),
      h('td', { class: 'num' }, set.latestVersion ?? 'none'),
      h('td', {}, (set.pending || []).join(', ') || (set.dirty ? 'dirty' : 'none'))))))];
}

function runTable(runs) {
  if (!runs.length) return h('p', {}, 'No runs yet.');
  return h('table', { class: 'runs' },
    h('thead', {}, h('tr', {}, ['Run', 'Started', 'Direction', 'Outcome', 'Who', 'Durations'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, runs.slice(0, 20).map(run => h('tr', {},
      h('td', {}, h('a', { href: `#/runs/${enc(run.runId)}` }, run.runId)),
      h('td', {}, when(run.startedAt)),
      h('td', {}, [run.direction, run.strategy, run.set ? `set ${run.set}` : null].filter(Boolean).join(' ')),
      h('td', {}, h('span', { class: `outcome outcome-${run.status}` }, run.status)),
      h('td', {}, run.actor || ''),
      h('td', {}, run.steps.length ? bars(run.steps.map(step => ({ label: `${step.version} ${step.name}`,
        value: step.durationMs, kind: step.outcome })), { unit: ' ms' }) : '')))));
}
