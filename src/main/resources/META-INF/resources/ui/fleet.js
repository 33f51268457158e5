// Fleets: where the selected repos stand (a histogram of versions), and fleet runs as they progress.
import { enc, h, replace, when } from './dom.js?v=@cairn.ui.build@';
import { call, describe, get, may, post } from './api.js?v=@cairn.ui.build@';
import { bars } from './charts.js?v=@cairn.ui.build@';

export async function showFleet(view) {
  const { main, params } = view;
  const aborted = new AbortController();
  const signal = aborted.signal;
  let timer = null;
  view.onLeave(() => { aborted.abort(); clearInterval(timer); });

  const label = params.get('label') || '';
  const set = params.get('set') || '';
  const standing = h('section', { 'aria-labelledby': 'standing-title' }, h('p', {}, 'Reading every repo\u2019s status\u2026'));
  const runView = h('section', { class: 'fleet-run', 'aria-live': 'polite' });
  const runList = h('section', { 'aria-labelledby': 'runs-title' });
  replace(main, h('h1', {}, 'Fleets'), selectorForm(label, set), standing,
    may('deploy') && (label || set) ? fleetActions(label, set) : null, runView, runList);

  const query = new URLSearchParams();
  if (label) query.set('label', label);
  if (set) query.set('set', set);
  const readStanding = () => get(`/fleet/status?${query}`, { signal })
    .then(s => replace(standing, ...statusView(s, label, set)))
    .catch(e => { if (!signal.aborted) replace(standing, h('p', { class: 'problem', role: 'alert' }, describe(e))); });
  const readRuns = () => get('/fleet/runs', { signal }).then(runs => replace(runList,
    h('h2', { id: 'runs-title' }, 'Fleet runs'), runs.length ? runTable(runs) : h('p', {}, 'No fleet runs yet.')))
    .catch(() => {});
  readStanding();
  readRuns();

  const runId = params.get('run');
  if (runId) {
    const poll = async () => {
      try {
        const run = await get(`/fleet/runs/${enc(runId)}`, { signal });
        replace(runView, ...fleetRunView(run));
        readRuns();
        if (run.status !== 'running') {
          clearInterval(timer);
          readStanding(); // the versions moved while it ran
        }
      } catch (e) {
        if (!signal.aborted) replace(runView, h('p', { class: 'problem' }, describe(e)));
        clearInterval(timer);
      }
    };
    await poll();
    timer = setInterval(poll, 1000);
  }
}

function selectorForm(label, set) {
  const form = h('form', { class: 'filters', onsubmit: event => {
    event.preventDefault();
    const next = new URLSearchParams();
    const l = form.elements.label.value.trim(), s = form.elements.set.value.trim();
    if (l) next.set('label', l);
    if (s) next.set('set', s);
    location.hash = `#/fleet?${next}`;
  } },
  h('div', { class: 'field' }, h('label', { for: 'fleet-label' }, 'Label'),
    h('input', { id: 'fleet-label', name: 'label', value: label, placeholder: 'key:value', spellcheck: 'false' })),
  h('div', { class: 'field' }, h('label', { for: 'fleet-set' }, 'Set'),
    h('input', { id: 'fleet-set', name: 'set', value: set, placeholder: 'set id', spellcheck: 'false' })),
  h('button', { type: 'submit' }, 'Show fleet'));
  return form;
}

function statusView(s, label, set) {
  const what = [label && `label ${label}`, set && `set ${set}`].filter(Boolean).join(', ') || 'every repo';
  const versions = Object.entries(s.versions || {}).sort(([a], [b]) => (a === 'none' ? -1 : b === 'none' ? 1
    : Number(a) - Number(b)));
  return [
    h('h2', { id: 'standing-title' }, `${s.repos} repos (${what})`),
    h('ul', { class: 'counts' },
      count('current', s.current), count('behind', s.behind), count('dirty', s.dirty),
      count('unreachable', s.unreachable)),
    h('h3', {}, 'Repos per current version'),
    versions.length ? bars(versions.map(([v, n]) => ({ label: v, value: n })),
      { title: `Repos per version: ${versions.map(([v, n]) => `${v}: ${n}`).join(', ')}`, barClass: 'hist',
        width: 640, rowHeight: 28 })
      : h('p', {}, 'No versions read.'),
    (s.dirtyRepos || []).length ? [h('h3', {}, 'Dirty'), h('ul', {}, s.dirtyRepos.map(id =>
      h('li', {}, h('a', { href: `#/repos/${enc(id)}` }, id))))] : null,
    (s.unreachableRepos || []).length ? [h('h3', {}, 'Unreachable'), h('ul', { class: 'unreachable' },
      s.unreachableRepos.map(u => h('li', {}, h('a', { href: `#/repos/${enc(u.repo)}` }, u.repo), `: ${u.detail || u.type}`)))]
      : null];
}

/** A state as people read it: `notStarted` is "not started". */
function words(state) {
  return state.replace(/[A-Z]/g, c => ` ${c.toLowerCase()}`);
}

function count(kind, n) {
  return h('li', { class: `count count-${kind}` }, h('span', { class: 'n' }, n), ` ${kind}`);
}

function selectorOf(label, set) {
  const selector = {};
  if (label) {
    const cut = label.indexOf(':');
    selector.labels = { [label.slice(0, cut < 0 ? label.length : cut)]: cut < 0 ? '' : label.slice(cut + 1) };
  }
  if (set) selector.set = set;
  return selector;
}

function fleetActions(label, set) {
  const result = h('div', { 'aria-live': 'polite' });
  const body = () => ({ selector: selectorOf(label, set), ...(set ? { set } : {}) });
  const previewButton = h('button', { type: 'button', onclick: async () => {
    try {
      const plan = (await post('/fleet/migrate', { ...body(), dryRun: true })).data;
      const go = h('button', { type: 'button', class: 'danger', onclick: async () => {
        go.disabled = true;
        try {
          const started = await call('POST', '/fleet/migrate', { body: body() });
          const next = new URLSearchParams(location.hash.split('?')[1] || '');
          next.set('run', started.data.fleetRunId);
          location.hash = `#/fleet?${next}`;
        } catch (e) {
          go.disabled = false;
          result.append(h('p', { class: 'problem', role: 'alert' }, describe(e)));
        }
      } }, 'Migrate fleet');
      replace(result, h('h3', {}, `Plan for ${plan.repos.length} repos`),
        h('ul', { class: 'fleet-plan' }, plan.repos.map(r => h('li', {}, `${r.repo}: `,
          r.problem ? `refused: ${r.problem.title || ''} ${r.problem.detail || ''}`
            : `${r.plan.length} migration${r.plan.length === 1 ? '' : 's'}`))), go);
    } catch (e) {
      replace(result, h('p', { class: 'problem', role: 'alert' }, describe(e)));
    }
  } }, 'Preview fleet migrate');
  return h('section', { class: 'card actions' }, h('h2', {}, 'Act on this fleet'), previewButton, result);
}

function runTable(runs) {
  return h('table', { class: 'fleet-runs' },
    h('thead', {}, h('tr', {}, ['Fleet run', 'Started', 'Direction', 'Status', 'Succeeded', 'Failed', 'Running',
      'Not started'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, runs.slice(0, 20).map(r => h('tr', {},
      h('td', {}, h('a', { href: `#/fleet?run=${enc(r.fleetRunId)}` }, r.fleetRunId)),
      h('td', {}, when(r.startedAt)), h('td', {}, r.direction),
      h('td', {}, h('span', { class: `outcome outcome-${r.status}` }, r.status)),
      h('td', { class: 'num' }, r.counts.succeeded), h('td', { class: 'num' }, r.counts.failed),
      h('td', { class: 'num' }, r.counts.running), h('td', { class: 'num' }, r.counts.notStarted)))));
}

function fleetRunView(run) {
  const c = run.counts;
  const parts = [['succeeded', c.succeeded], ['failed', c.failed], ['running', c.running],
    ['notStarted', c.notStarted], ['skipped', c.skipped], ['interrupted', c.interrupted]].filter(([, n]) => n > 0);
  const total = Math.max(1, c.planned);
  const progress = h('div', { class: 'stack', role: 'img',
    'aria-label': parts.map(([k, n]) => `${n} ${words(k)}`).join(', ') });
  for (const [kind, n] of parts) {
    const piece = h('span', { class: `stack-${kind}` });
    piece.style.width = `${(100 * n / total).toFixed(2)}%`;
    progress.append(piece);
  }
  return [
    h('h2', {}, `Fleet run ${run.fleetRunId}`),
    h('p', { class: 'fleet-summary' }, h('span', { class: `outcome outcome-${run.status}` }, run.status),
      ` \u00b7 ${run.direction} \u00b7 ${c.succeeded} succeeded, ${c.failed} failed, ${c.running} running, `
      + `${c.notStarted} not started`, run.status === 'running' && run.estimatedSecondsLeft != null
        ? ` \u00b7 about ${Math.max(1, Math.ceil(run.estimatedSecondsLeft))} s left` : ''),
    progress,
    h('table', { class: 'fleet-repos' },
      h('thead', {}, h('tr', {}, ['Repo', 'State', 'Run', 'Error'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, (run.repos || []).map(r => h('tr', {},
        h('td', {}, h('a', { href: `#/repos/${enc(r.repo)}` }, r.repo)),
        h('td', {}, h('span', { class: `outcome outcome-${r.state}` }, words(r.state))),
        h('td', {}, r.runId ? h('a', { href: `#/runs/${enc(r.runId)}` }, r.runId) : ''),
        h('td', {}, r.error || '')))))];
}
