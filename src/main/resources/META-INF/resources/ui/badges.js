// A repo's state in one word or two; the text alone carries it, the colour only repeats it.
import { h } from './dom.js?v=@cairn.ui.build@';

/** `current`, `pending N`, `dirty` or `running`, from GET /repos/{id}/status. */
export function stateOf(status) {
  if (status.runInProgress) return { kind: 'running', text: 'running' };
  if (status.dirty) return { kind: 'dirty', text: 'dirty' };
  if (status.pending > 0) return { kind: 'pending', text: `pending ${status.pending}` };
  return { kind: 'current', text: 'current' };
}

export function badge(kind, text, title) {
  return h('span', { class: `badge badge-${kind}`, title }, text);
}

export function statusBadge(status) {
  const state = stateOf(status);
  return badge(state.kind, state.text);
}

export function unreachableBadge(error) {
  return badge('unreachable', 'unreachable', error && error.detail ? `${error.title}: ${error.detail}` : undefined);
}
