// Acting on a repo: a dry run first, and only from its plan the real run (asynchronous, watched live).
import { enc, h, replace } from './dom.js?v=@cairn.ui.build@';
import { call, describe, post } from './api.js?v=@cairn.ui.build@';

/** The migrate and rollback forms; each previews (dryRun) and offers the run only under the plan it showed. */
export function actions(id, status) {
  const result = h('div', { class: 'preview', 'aria-live': 'polite' });
  return h('section', { class: 'card actions', 'aria-labelledby': 'act-title' },
    h('h2', { id: 'act-title' }, 'Act'),
    h('div', { class: 'forms' },
      strategyForm(id, 'migrate', ['all', 'step', 'to'], result),
      strategyForm(id, 'rollback', ['step', 'to', 'all'], result)),
    result);
}

function strategyForm(id, direction, strategies, result) {
  const verb = direction === 'migrate' ? 'migrate' : 'rollback';
  const select = h('select', { id: `${verb}-strategy`, name: 'strategy' },
    strategies.map(s => h('option', { value: s }, s)));
  const amount = h('input', { id: `${verb}-amount`, name: 'amount', inputmode: 'numeric', size: 16,
    placeholder: 'N or version', spellcheck: 'false' });
  const form = h('form', { class: 'strategy', onsubmit: event => {
    event.preventDefault();
    const body = bodyOf(select.value, amount.value.trim());
    if (typeof body === 'string') {
      replace(result, h('p', { class: 'problem', role: 'alert' }, body));
      return;
    }
    preview(id, direction, body, result);
  } },
  h('fieldset', {},
    h('legend', {}, direction === 'migrate' ? 'Migrate' : 'Roll back'),
    h('label', { for: `${verb}-strategy` }, 'Strategy'), select,
    h('label', { for: `${verb}-amount` }, 'Step / to'), amount,
    h('button', { type: 'submit' }, direction === 'migrate' ? 'Preview migrate' : 'Preview rollback')));
  return form;
}

/** The run body for a strategy, or a sentence saying what is missing. */
function bodyOf(strategy, amount) {
  if (strategy === 'all') return { all: true };
  if (!/^\d+$/.test(amount)) return strategy === 'step' ? 'Step needs a whole number of migrations.'
    : 'To needs a version (a whole number).';
  return strategy === 'step' ? { step: Number(amount) } : { to: Number(amount) };
}

async function preview(id, direction, body, result) {
  replace(result, h('p', {}, 'Asking for the plan\u2026'));
  // Migrate takes no "all" (everything pending is its default).
  const runBody = direction === 'migrate' && body.all ? {} : body;
  let plan;
  try {
    plan = (await post(`/repos/${enc(id)}/${direction}`, { ...runBody, dryRun: true })).data;
  } catch (e) {
    replace(result, h('p', { class: 'problem', role: 'alert' }, describe(e)));
    return;
  }
  const label = direction === 'migrate' ? 'Migrate' : 'Roll back';
  const go = h('button', { type: 'button', class: 'danger', onclick: () => start(id, direction, runBody, result, go) },
    label);
  replace(result,
    h('h3', {}, `Plan: ${plan.plan.length} migration${plan.plan.length === 1 ? '' : 's'} (${direction})`),
    plan.plan.length ? h('ol', { class: 'plan' }, plan.plan.map(step =>
      h('li', {}, `${step.version} ${step.name}`, step.transaction ? '' : ' (outside a transaction)'))) : h('p', {}, 'Nothing to do.'),
    (plan.warnings || []).map(w => h('p', { class: 'warning' }, w)),
    h('h3', {}, 'SQL, in order'),
    h('pre', { class: 'sql plan-sql' }, (plan.sql || []).map(terminated).join('\n')),
    plan.plan.length ? go : null);
  (plan.plan.length ? go : result).focus?.();
}

/** A statement as a script would hold it: with its semicolon, on a line of its own after a trailing comment. */
function terminated(statement) {
  const lastLine = statement.slice(statement.lastIndexOf('\n') + 1);
  return lastLine.includes('--') ? `${statement}\n;` : `${statement};`;
}

async function start(id, direction, body, result, button) {
  button.disabled = true;
  try {
    const answer = await call('POST', `/repos/${enc(id)}/${direction}`, { body, prefer: 'respond-async' });
    const runId = answer.data && answer.data.runId;
    location.hash = runId ? `#/runs/${enc(runId)}` : `#/repos/${enc(id)}`;
  } catch (e) {
    button.disabled = false;
    result.append(h('p', { class: 'problem', role: 'alert' }, describe(e)));
  }
}

/** Resolve a dirty mark, once the database was fixed by hand (admin only). */
export function resolveForm(id, dirty, refresh) {
  const as = h('select', { id: 'resolve-as' },
    h('option', { value: 'applied' }, 'applied'), h('option', { value: 'rolled_back' }, 'rolled back'));
  const message = h('div', { 'aria-live': 'polite' });
  return h('form', { class: 'resolve', onsubmit: async event => {
    event.preventDefault();
    try {
      await post(`/repos/${enc(id)}/resolve`, { version: dirty.version, as: as.value });
      refresh();
    } catch (e) {
      replace(message, h('p', { class: 'problem', role: 'alert' }, describe(e)));
    }
  } },
  h('label', { for: 'resolve-as' }, `Mark version ${dirty.version} as`), as,
  h('button', { type: 'submit' }, 'Resolve'), message);
}
