// The one source of truth on the client: the scene as the server last described it, plus
// session, connection, captions and result. The 3D view, the accessible view and the status
// bar all redraw from it.

/**
 * Apply a patch message to a full scene dict; a line-for-line mirror of Python's
 * `resilience.sim.scene.apply_patch` (the input is not modified).
 */
function applyPatch(scene, patch) {
  const nodes = {};
  for (const [k, v] of Object.entries(scene.nodes)) nodes[k] = { ...v };
  for (const [nid, delta] of Object.entries(patch.nodes || {})) {
    if (!(nid in nodes)) {
      nodes[nid] = { ...delta };
      continue;
    }
    const nd = nodes[nid];
    for (const [k, v] of Object.entries(delta)) {
      if (v === null) delete nd[k];
      else nd[k] = v;
    }
  }
  for (const nid of patch.removed || []) delete nodes[nid];
  const out = { ...scene };
  for (const k of ['t', 'caption', 'status']) {
    if (k in patch) out[k] = patch[k];
  }
  out.nodes = nodes;
  return out;
}

const MAX_CAPTIONS = 200;

class SceneStore {
  constructor() {
    this.scene = null; // {v, scenario, t, caption, status, nodes}
    this.seq = 0;
    this.session = null; // welcome.session
    this.participant = null;
    this.sessionStatus = 'running';
    this.statusMessage = '';
    this.connection = 'connecting'; // connecting | open | reconnecting | closed | refused | forbidden
    this.reconnectIn = 0;
    this.captions = []; // {kind, code, text, t, n}
    this.result = null;
    this.lastError = null; // {error, code, n}
    this.holding = null; // {node, value}: what the learner holds (local state, not in the scene)
    this.lastAction = null;
    this.actionsSent = 0;
    this._n = 0;
    this._listeners = new Set();
  }

  /** Call `fn(change)` after every change; returns an unsubscribe function. */
  subscribe(fn) {
    this._listeners.add(fn);
    return () => this._listeners.delete(fn);
  }

  _emit(change) {
    for (const fn of this._listeners) {
      try {
        fn(change);
      } catch (err) {
        console.error('[resilience] listener failed', err);
      }
    }
  }

  setScene(seq, scene) {
    this.scene = scene;
    this.seq = seq;
    if (this.holding && !this.affords(this.holding.node, 'place')) this.holding = null;
    this._emit({ kind: 'scene', full: true, ids: Object.keys(scene.nodes) });
  }

  /**
   * Apply a patch message. Returns false (and changes nothing) when its seq does not follow
   * the last one applied: the caller must then ask for a resync.
   */
  patch(msg) {
    if (!this.scene || msg.seq !== this.seq + 1) return false;
    this.scene = applyPatch(this.scene, msg);
    this.seq = msg.seq;
    const ids = Object.keys(msg.nodes || {});
    if (this.holding && !this.affords(this.holding.node, 'place')) this.holding = null;
    this._emit({ kind: 'patch', full: false, ids, removed: msg.removed || [],
      caption: 'caption' in msg, status: 'status' in msg });
    return true;
  }

  node(id) {
    return this.scene ? this.scene.nodes[id] || null : null;
  }

  affordance(id, kind) {
    const n = this.node(id);
    if (!n || n.visible === false || !n.affordances) return null;
    return n.affordances.find((a) => a.kind === kind) || null;
  }

  affords(id, kind) {
    return this.affordance(id, kind) !== null;
  }

  /** The dial or slider affordance of a node, or null. */
  rangeAffordance(id) {
    return this.affordance(id, 'dial') || this.affordance(id, 'slider');
  }

  /** Ids of visible nodes with at least one affordance, in scene order. */
  interactableIds() {
    if (!this.scene) return [];
    return Object.values(this.scene.nodes)
      .filter((n) => n.visible !== false && n.affordances && n.affordances.length)
      .map((n) => n.id);
  }

  setWelcome(msg) {
    this.session = msg.session;
    this.participant = msg.participant;
    this.sessionStatus = msg.session.status;
    this._emit({ kind: 'session' });
  }

  setStatus(status, message = '') {
    this.sessionStatus = status;
    this.statusMessage = message;
    this._emit({ kind: 'session' });
  }

  setConnection(state, reconnectIn = 0) {
    this.connection = state;
    this.reconnectIn = reconnectIn;
    this._emit({ kind: 'connection' });
  }

  addCaption(c) {
    this._n += 1;
    this.captions.push({ kind: c.kind, code: c.code || '', text: c.text, t: c.t, n: this._n });
    if (this.captions.length > MAX_CAPTIONS) this.captions.splice(0, this.captions.length - MAX_CAPTIONS);
    this._emit({ kind: 'caption', caption: this.captions[this.captions.length - 1] });
  }

  setResult(assessment) {
    this.result = assessment;
    this._emit({ kind: 'result' });
  }

  setError(error, code = '') {
    this._n += 1;
    this.lastError = { error, code, n: this._n };
    this._emit({ kind: 'error', error: this.lastError });
  }

  setHolding(holding) {
    this.holding = holding;
    this._emit({ kind: 'holding' });
  }

  noteAction(msg) {
    this.lastAction = msg;
    this.actionsSent += 1;
    if (msg.verb === 'grab') this.holding = { node: msg.node, value: msg.value };
    if (msg.verb === 'place') this.holding = null;
    this._emit({ kind: 'action', action: msg });
  }
}

export { SceneStore, applyPatch };
