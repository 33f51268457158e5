// Ordinary API calls with the token from sessionStorage (never a cookie, a URL or a log line).

const KEY = 'cairn.token';

export const session = { token: sessionStorage.getItem(KEY), who: null };

/** Whether the token's role includes `role` (read < deploy < admin), so the page offers only what it may do. */
export function may(role) {
  const order = ['read', 'deploy', 'admin'];
  return !!session.who && order.indexOf(session.who.role) >= order.indexOf(role);
}

export function keepToken(token) {
  session.token = token;
  sessionStorage.setItem(KEY, token);
}

export function forgetToken() {
  session.token = null;
  session.who = null;
  sessionStorage.removeItem(KEY);
}

/** A refused call: the problem document's title and detail, which is all the page ever shows of it. */
export class ApiError extends Error {
  constructor(status, problem) {
    const title = problem && typeof problem.title === 'string' ? problem.title : `HTTP ${status}`;
    super(title);
    this.status = status;
    this.title = title;
    this.detail = problem && typeof problem.detail === 'string' ? problem.detail : '';
    this.problem = problem || {};
  }
}

/** A failure as the page shows it: the problem's title and detail, never a stack trace. */
export function describe(e) {
  if (e instanceof ApiError) return e.detail ? `${e.title}: ${e.detail}` : e.title;
  return 'Something went wrong in the page.';
}

function headers(extra = {}) {
  const all = { Accept: 'application/json', ...extra };
  if (session.token) all.Authorization = `Bearer ${session.token}`;
  return all;
}

export async function call(method, path, { body, prefer, signal } = {}) {
  const extra = {};
  if (body !== undefined) extra['Content-Type'] = 'application/json';
  if (prefer) extra.Prefer = prefer;
  let response;
  try {
    response = await fetch(path, {
      method, headers: headers(extra), signal, cache: 'no-store', credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'Cairn did not answer', detail: 'the request did not reach the service' });
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) throw new ApiError(response.status, data);
  return { status: response.status, headers: response.headers, data };
}

export const get = (path, options) => call('GET', path, options).then(r => r.data);
export const post = (path, body, options = {}) => call('POST', path, { ...options, body });

/** The URL of the Link header's rel="next", if any. */
export function nextLink(headers) {
  const link = headers.get('Link');
  if (!link) return null;
  const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
  return match ? match[1] : null;
}

/**
 * A run's Server-Sent Events over fetch (EventSource cannot send the Authorization header). Calls onEvent(type,
 * data) for each, resumes with Last-Event-ID after a dropped connection, and resolves when the stream ends.
 */
export async function streamEvents(runId, onEvent, signal) {
  let lastId = null;
  for (let attempt = 0; attempt < 5 && !signal.aborted; attempt++) {
    const extra = { Accept: 'text/event-stream' };
    if (lastId !== null) extra['Last-Event-ID'] = lastId;
    let response;
    try {
      response = await fetch(`/runs/${encodeURIComponent(runId)}/events`,
        { headers: headers(extra), signal, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      if (signal.aborted) return;
      await new Promise(r => setTimeout(r, 500));
      continue;
    }
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch { problem = null; }
      throw new ApiError(response.status, problem);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let ended = false;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer = (buffer + value).replace(/\r\n?/g, '\n');
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const event = parse(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          if (!event) continue;
          if (event.id !== null) lastId = event.id;
          onEvent(event.type, event.data);
          if (event.type === 'finished') ended = true;
        }
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    if (ended) return;
  }
}

function parse(block) {
  let id = null, type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return null;
  let parsed;
  try { parsed = JSON.parse(data.join('\n')); } catch { parsed = data.join('\n'); }
  return { id, type, data: parsed };
}
