// The dashboard: a hash router over a few views, each built from ordinary API calls.
import { h, replace } from './dom.js?v=@cairn.ui.build@';
import { ApiError, call, forgetToken, keepToken, session } from './api.js?v=@cairn.ui.build@';
import { showRepos } from './repos.js?v=@cairn.ui.build@';
import { showRepo } from './repo.js?v=@cairn.ui.build@';
import { showRun } from './run.js?v=@cairn.ui.build@';
import { showFleet } from './fleet.js?v=@cairn.ui.build@';

const main = document.getElementById('main');
let leaving = null; // the current view's clean-up (open streams, timers)

/** Who the token is: {name, role, scoped, authEnabled}, or null when a token is needed. */
async function whoami() {
  try {
    return (await call('GET', '/whoami')).data;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

function askForToken(message) {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h('form', { class: 'card token', onsubmit: async event => {
    event.preventDefault();
    keepToken(input.value.trim());
    await start();
  } },
  h('h1', {}, 'Sign in with a token'),
  h('p', {}, 'Cairn needs a bearer token. It is kept in this tab\u2019s sessionStorage only and sent as ',
    h('code', {}, 'Authorization: Bearer'), ' with each API call.'),
  message ? h('p', { class: 'problem', role: 'alert' }, message) : null,
  h('label', { for: 'token' }, 'Token'), input,
  h('button', { type: 'submit' }, 'Open dashboard'));
  replace(main, form);
  input.focus();
}

function showWho() {
  const who = session.who;
  const text = who.authEnabled ? `${who.name} \u00b7 ${who.role}${who.scoped ? ' (scoped)' : ''}`
    : 'authentication off';
  replace(document.getElementById('who'), text);
  document.getElementById('forget').hidden = !who.authEnabled;
}

async function start() {
  let who;
  try {
    who = await whoami();
  } catch (e) {
    replace(main, h('p', { class: 'problem', role: 'alert' }, `${e.title}: ${e.detail}`));
    return;
  }
  if (!who) {
    const hadToken = !!session.token;
    forgetToken();
    askForToken(hadToken ? 'That token was not accepted.' : null);
    return;
  }
  session.who = who;
  showWho();
  route();
}

function route() {
  if (!session.who) return;
  if (leaving) { leaving(); leaving = null; }
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  const view = { main, params, onLeave: fn => { leaving = fn; } };
  if (parts[0] === 'repos' && parts[1]) showRepo(view, parts[1]);
  else if (parts[0] === 'runs' && parts[1]) showRun(view, parts[1]);
  else if (parts[0] === 'fleet') showFleet(view);
  else showRepos(view);
}

document.getElementById('forget').addEventListener('click', () => {
  forgetToken();
  replace(document.getElementById('who'));
  document.getElementById('forget').hidden = true;
  askForToken(null);
});
// A new view takes the focus, so keyboard and screen-reader users start at its top rather than at the old link.
window.addEventListener('hashchange', () => {
  route();
  window.scrollTo(0, 0);
  main.focus({ preventScroll: true });
});
start();
