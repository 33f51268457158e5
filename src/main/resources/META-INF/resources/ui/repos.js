// The repos table: a page of GET /repos, each row's status read only once the row is on screen.
import { enc, h, replace, when } from './dom.js?v=@cairn.ui.build@';
import { call, describe, get, nextLink } from './api.js?v=@cairn.ui.build@';
import { statusBadge, unreachableBadge } from './badges.js?v=@cairn.ui.build@';

const PAGE = 50;
const AT_ONCE = 6; // status reads in flight at a time, so scrolling never floods Cairn or the targets

export async function showRepos(view) {
  const { main, params } = view;
  const aborted = new AbortController();
  const queue = readQueue(aborted.signal);
  const observer = new IntersectionObserver(entries => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      queue(() => fillRow(entry.target, aborted.signal));
    }
  });
  view.onLeave(() => { aborted.abort(); observer.disconnect(); });

  const query = new URLSearchParams();
  query.set('limit', String(PAGE));
  for (const key of ['after', 'search', 'set']) if (params.get(key)) query.set(key, params.get(key));
  for (const label of params.getAll('label')) if (label) query.append('label', label);

  const body = h('tbody');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const note = h('p', { class: 'note', role: 'status' });
  replace(main, h('h1', {}, 'Repos'), filters(params), note,
    h('table', { class: 'repos' },
      h('caption', { class: 'sr' }, 'Registered repos, one page'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Repo'), h('th', { scope: 'col' }, 'Engine'),
        h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Version'),
        h('th', { scope: 'col' }, 'Last run'))),
      body),
    pager);

  let answer;
  try {
    answer = await call('GET', `/repos?${query}`, { signal: aborted.signal });
  } catch (e) {
    if (e.name !== 'AbortError') replace(note, describe(e));
    return;
  }
  const repos = answer.data || [];
  replace(note, repos.length ? `${repos.length} repos on this page` : 'No repos match.');
  for (const repo of repos) {
    const row = h('tr', { 'data-repo': repo.id },
      h('th', { scope: 'row' }, h('a', { href: `#/repos/${enc(repo.id)}` }, repo.id)),
      h('td', {}, repo.engine || ''),
      h('td', { class: 'status' }, h('span', { class: 'badge badge-loading', title: 'reading status' }, '\u2026')),
      h('td', { class: 'version' }, ''),
      h('td', { class: 'last-run' }, ''));
    body.append(row);
    observer.observe(row);
  }
  const next = nextLink(answer.headers);
  if (params.get('after')) pager.append(h('a', { href: `#/?${without(params, 'after')}` }, 'First page'));
  if (next) {
    const after = new URL(next, location.href).searchParams.get('after');
    const forward = new URLSearchParams(params);
    forward.set('after', after);
    pager.append(h('a', { href: `#/?${forward}`, rel: 'next' }, 'Next page'));
  }
}

function filters(params) {
  const field = (name, label, value, hint) => h('div', { class: 'field' },
    h('label', { for: `filter-${name}` }, label),
    h('input', { id: `filter-${name}`, name, value: value || '', placeholder: hint, spellcheck: 'false' }));
  const form = h('form', { class: 'filters', role: 'search', onsubmit: event => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of ['search', 'label', 'set']) {
      const value = form.elements[name].value.trim();
      if (value) next.set(name, value);
    }
    location.hash = `#/?${next}`;
  } },
  field('search', 'Search id', params.get('search'), 'part of an id'),
  field('label', 'Label', params.get('label'), 'key:value'),
  field('set', 'Set', params.get('set'), 'set id'),
  h('button', { type: 'submit' }, 'Filter'));
  return form;
}

function without(params, key) {
  const copy = new URLSearchParams(params);
  copy.delete(key);
  return copy;
}

function readQueue(signal) {
  const waiting = [];
  let running = 0;
  const pump = () => {
    while (running < AT_ONCE && waiting.length && !signal.aborted) {
      running++;
      waiting.shift()().finally(() => { running--; pump(); });
    }
  };
  return task => { waiting.push(task); pump(); };
}

async function fillRow(row, signal) {
  const id = row.dataset.repo;
  const [status, runs] = await Promise.allSettled([
    get(`/repos/${enc(id)}/status`, { signal }),
    get(`/repos/${enc(id)}/runs`, { signal })]);
  if (signal.aborted) return;
  const cell = row.querySelector('.status');
  if (status.status === 'fulfilled') {
    replace(cell, statusBadge(status.value));
    replace(row.querySelector('.version'), status.value.version ?? 'none');
  } else {
    replace(cell, unreachableBadge(status.reason));
  }
  if (runs.status === 'fulfilled' && runs.value.length) {
    const last = runs.value[0];
    replace(row.querySelector('.last-run'), h('span', { class: `outcome outcome-${last.status}` }, last.status),
      ` ${last.direction || ''} \u00b7 ${when(last.finishedAt || last.startedAt)} \u00b7 ${last.actor || ''}`);
  }
}
