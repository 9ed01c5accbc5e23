// Sends the learner's actions: the one place every view (3D, VR, touch, accessible) acts
// through, so they all behave the same.
import { actionMessage, finishMessage } from './protocol.js';
import { t } from './strings.js';

function decimalsOf(step) {
  const s = String(step);
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/** Clamp `v` to [min, max] and snap it to the step grid from `min`. */
function snapValue(v, a) {
  const step = a.step || 0;
  let x = Math.max(a.min, Math.min(a.max, v));
  if (step > 0) x = a.min + Math.round((x - a.min) / step) * step;
  x = Math.max(a.min, Math.min(a.max, x));
  const d = Math.max(decimalsOf(step), decimalsOf(a.min));
  return Number(x.toFixed(Math.min(d, 10)));
}

class Actor {
  /**
   * @param {import('./store.js').SceneStore} store
   * @param {import('./connection.js').Connection} connection
   */
  constructor(store, connection) {
    this.store = store;
    this.connection = connection;
  }

  act(node, verb, value = null) {
    const msg = actionMessage(node, verb, value);
    if (!this.connection.send(msg)) {
      this.store.setError(t('notConnected'), 'not-connected');
      return false;
    }
    this.store.noteAction(msg);
    return true;
  }

  press(id) { return this.act(id, 'press'); }

  set(id, value) {
    const a = this.store.rangeAffordance(id);
    if (!a) return false;
    return this.act(id, 'set', snapValue(value, a));
  }

  /** Turn a dial or move a slider by `steps` steps from its current value. */
  nudge(id, steps) {
    const a = this.store.rangeAffordance(id);
    const n = this.store.node(id);
    if (!a || !n) return false;
    const step = a.step || (a.max - a.min) / 100;
    const base = Number.isFinite(n.value) ? n.value : a.min;
    return this.set(id, base + steps * step);
  }

  grab(id, grip = null) { return this.act(id, 'grab', grip); }

  place(id, target) { return this.act(id, 'place', target); }

  enter(id) { return this.act(id, 'enter'); }

  leave(id) { return this.act(id, 'leave'); }

  /** Stop holding without placing (local only: the server has no "drop" verb). */
  release() { this.store.setHolding(null); }

  finish() { return this.connection.send(finishMessage()); }

  /** Targets the held node may be placed on, as [{id, label}]. */
  placeTargets(id) {
    const a = this.store.affordance(id, 'place');
    if (!a) return [];
    return (a.options || []).map((o) => ({ id: o, label: this.store.node(o)?.label || o }));
  }
}

export { Actor, snapValue };
