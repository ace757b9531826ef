// The configuration as stored (revision + document) and the working copy every page edits. One
// Save sends the whole working copy with the revision it was based on (PUT config); the API
// validates it with the core and stores all of it or nothing.
import * as api from './api.js';

export function parsePointer(pointer) {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function pointerOf(...parts) {
  return parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function getAt(doc, pointer) {
  let node = doc;
  for (const part of parsePointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[part];
  }
  return node;
}

/** Sets a value, creating the objects on the way; undefined removes the member. */
export function setAt(doc, pointer, value) {
  const parts = parsePointer(pointer);
  const last = parts.pop();
  let node = doc;
  for (const part of parts) {
    if (node[part] === null || typeof node[part] !== 'object') node[part] = {};
    node = node[part];
  }
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else {
    node[last] = value;
  }
}

const EMPTY = {schemaVersion: 1, idps: []};
const listeners = new Set();

export const state = {
  revision: 0,
  stored: null,
  working: structuredClone(EMPTY),
  problems: [],
  // Fields whose text cannot become a value (e.g. "abc" in a number): Save waits for them.
  localErrors: new Map(),
  dirty: false,
  // The IdP the per-IdP pages edit (index into working.idps).
  selectedIdp: 0,
};

export function onChange(listener) {
  listeners.add(listener);
}

function notify(reason) {
  for (const listener of listeners) listener(reason);
}

export async function load() {
  const {body} = await api.get('config');
  state.revision = body.revision;
  state.stored = body.config;
  state.working = structuredClone(body.config || EMPTY);
  state.problems = [];
  state.localErrors.clear();
  state.dirty = false;
  notify('loaded');
}

export function edit(pointer, value) {
  setAt(state.working, pointer, value);
  state.dirty = true;
  notify('edited');
}

/** Replaces the whole working copy (the advanced editors, an import). */
export function replaceWorking(doc) {
  state.working = doc;
  state.dirty = true;
  notify('edited');
}

export function discard() {
  state.working = structuredClone(state.stored || EMPTY);
  state.problems = [];
  state.localErrors.clear();
  state.dirty = false;
  notify('loaded');
}

/**
 * Saves the working copy. Answers {ok: true, revision} or {ok: false, kind, message}; on problems
 * they are kept in state.problems for the fields to show.
 */
export async function save() {
  if (state.localErrors.size > 0) {
    return {ok: false, kind: 'local', message: 'Correct the ' + state.localErrors.size
      + ' field(s) marked in red first; nothing was saved.'};
  }
  try {
    const {body} = await api.put('config', {revision: state.revision, config: state.working});
    try {
      // Read back what was stored: secrets come back as placeholders, not as typed.
      await load();
    } catch (e) {
      state.revision = body.revision;
      state.stored = structuredClone(state.working);
      state.problems = [];
      state.dirty = false;
      notify('saved');
    }
    return {ok: true, revision: body.revision, unchanged: body.unchanged === true};
  } catch (e) {
    if (!(e instanceof api.ApiError)) throw e;
    if (e.status === 409) {
      return {ok: false, kind: 'stale', message: 'Someone else saved the configuration (now revision '
        + e.body.currentRevision + ') after you opened it. Nothing was saved: reload to see their version,'
        + ' then make your change again.'};
    }
    if (e.status === 400 && Array.isArray(e.body.problems)) {
      state.problems = e.body.problems;
      notify('problems');
      const what = e.body.error === 'lockout' ? 'It would lock everyone out' : 'The configuration has '
        + e.body.problems.length + ' problem(s)';
      return {ok: false, kind: e.body.error, message: what + '; nothing was saved. Each is shown next to its field.'};
    }
    return {ok: false, kind: e.body.error || 'error', message: e.message};
  }
}
