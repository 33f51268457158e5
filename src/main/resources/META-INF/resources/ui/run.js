// A run as it happens: its events over SSE, and once a second its record for seconds and blocking sessions.
import { enc, h, replace, when } from './dom.js?v=@cairn.ui.build@';
import { describe, get, may, post, streamEvents } from './api.js?v=@cairn.ui.build@';
import { bars } from './charts.js?v=@cairn.ui.build@';

export async function showRun(view, runId) {
  const { main } = view;
  const aborted = new AbortController();
  const signal = aborted.signal;
  let timer = null;
  view.onLeave(() => { aborted.abort(); clearInterval(timer); });

  const state = { planned: [], done: [], current: null, statement: null, status: 'running', record: null };
  const heading = h('h1', {}, `Run ${runId}`);
  const summary = h('p', { class: 'run-summary', role: 'status', 'aria-live': 'polite' });
  const current = h('div', { class: 'current' }); // its seconds change every second: not a live region
  const waiting = h('div', { class: 'waiting' });
  const steps = h('div', { class: 'steps' });
  const problem = h('div', {});
  const cancel = h('button', { type: 'button', class: 'danger', hidden: true, onclick: async () => {
    cancel.disabled = true;
    try {
      await post(`/runs/${enc(runId)}/cancel`);
    } catch (e) {
      cancel.disabled = false;
      replace(problem, h('p', { class: 'problem', role: 'alert' }, describe(e)));
    }
  } }, 'Cancel');
  const back = h('p', {});
  replace(main, back, heading, summary, current, waiting, cancel, problem, h('h2', {}, 'Migrations'), steps);

  const render = () => {
    const rec = state.record;
    if (rec && !back.firstChild) back.append(h('a', { href: `#/repos/${enc(rec.repo)}` }, `\u2190 Repo ${rec.repo}`));
    const said = [rec ? ` \u00b7 ${rec.direction} ${rec.strategy || ''} \u00b7 by ${rec.actor || ''} \u00b7 started ${when(rec.startedAt)}` : '',
      ` \u00b7 ${state.done.length} of ${state.planned.length || (rec ? rec.planned : 0)} done`].join('');
    if (summary.dataset.said !== state.status + said) { // a live region: speak only when something changed
      summary.dataset.said = state.status + said;
      replace(summary, h('span', { class: `outcome outcome-${state.status}` }, state.status), said);
    }
    const c = state.current;
    if (state.status === 'running' && c) {
      replace(current, h('p', {}, 'Now: ', h('strong', {}, `${c.version} ${c.name || ''}`),
        c.statements ? h('span', { class: 'statement' }, ` \u00b7 statement ${c.statement} of ${c.statements}`) : '',
        c.seconds !== undefined ? h('span', { class: 'seconds' }, ` \u00b7 ${Number(c.seconds).toFixed(1)} s`) : ''));
    } else {
      replace(current);
    }
    const w = rec && state.status === 'running' ? rec.waitingFor : null;
    replace(waiting, w ? blockers(w) : null);
    cancel.hidden = state.status !== 'running' || !may('deploy');
    replace(steps, state.done.length ? bars(state.done.map(s => ({ label: `${s.version} ${s.name}`,
      value: s.durationMs, kind: s.outcome })), { unit: ' ms', title: 'Duration of each migration' }) : null,
    h('ul', { class: 'step-list' }, state.done.map(s => h('li', {}, `${s.version} ${s.name}: ${s.outcome}`,
      s.error ? ` \u2014 ${s.error}` : ''))));
    if (rec && rec.error && state.status !== 'running') {
      replace(problem, h('p', { class: 'problem' }, [rec.error.title, rec.error.detail].filter(Boolean).join(': ')));
    }
  };

  const adopt = rec => {
    state.record = rec;
    state.status = rec.status;
    state.done = rec.steps || [];
    if (rec.current) state.current = { ...rec.current };
    render();
  };

  try {
    adopt(await get(`/runs/${enc(runId)}`, { signal }));
  } catch (e) {
    if (!signal.aborted) replace(main, h('h1', {}, `Run ${runId}`), h('p', { class: 'problem', role: 'alert' }, describe(e)));
    return;
  }
  if (state.status === 'running') {
    timer = setInterval(async () => {
      try {
        const rec = await get(`/runs/${enc(runId)}`, { signal });
        if (state.status === 'running') adopt(rec);
      } catch { /* the stream and the next tick carry on */ }
    }, 1000);
  }
  try {
    await streamEvents(runId, (type, data) => {
      if (type === 'planned') state.planned = data.migrations || [];
      else if (type === 'migration-started') state.current = { version: data.version, name: data.name, seconds: 0 };
      else if (type === 'statement' && state.current) Object.assign(state.current, data);
      else if (type === 'migration-finished') {
        if (!state.done.some(s => s.version === data.version)) state.done = [...state.done, data];
        state.current = null;
      } else if (type === 'finished') {
        state.record = data;
        state.status = data.status;
        state.done = data.steps || state.done;
        clearInterval(timer);
      }
      render();
    }, signal);
  } catch (e) {
    if (!signal.aborted) replace(problem, h('p', { class: 'problem' }, describe(e)));
  }
}

function blockers(w) {
  if (w.kind === 'run-lock') return h('p', { class: 'warning' }, `Waiting for the run lock, held by ${w.holder}`);
  const list = w.blockers || [];
  return h('div', { class: 'card warning' },
    h('h2', {}, `Blocked for ${Number(w.seconds || 0).toFixed(0)} s by ${list.length} session${list.length === 1 ? '' : 's'}`),
    h('table', { class: 'blockers' },
      h('thead', {}, h('tr', {}, ['pid', 'application', 'state', 'since', 'query'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.map(b => h('tr', {}, h('td', { class: 'num' }, b.pid), h('td', {}, b.application || ''),
        h('td', {}, b.state || ''), h('td', {}, when(b.queryStart)), h('td', {}, h('code', {}, b.query || '')))))));
}
