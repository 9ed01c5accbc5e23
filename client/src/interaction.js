// One input path for mouse, touch, keyboard and XR controllers (the idea of three.js's
// InteractiveGroup): every source turns into "point at", "select start", "select move" and
// "select end" with a ray, and this class decides what that means for the pointed node.
import { Plane, Vector3 } from 'three';
import { rangeOf } from './nodeview.js';
import { t, formatNumber } from './strings.js';

const _plane = new Plane();
const _normal = new Vector3();
const _origin = new Vector3();
const _hitPoint = new Vector3();
const _local = new Vector3();

const DRAG_SEND_MS = 150;

class Interactor {
  /**
   * @param {import('./store.js').SceneStore} store
   * @param {import('./actor.js').Actor} actor
   * @param {import('./view3d.js').SceneView} view
   * @param {(text: string, urgent?: boolean) => void} announce
   */
  constructor(store, actor, view, announce) {
    this.store = store;
    this.actor = actor;
    this.view = view;
    this.announce = announce;
    this.sources = new Map(); // source id → {hover, drag, pressedOn}
    this.focusId = null;
    this.onHold = null; // (sourceId, nodeId) → void, set by the XR rig to attach the view
    this.onRelease = null;
  }

  _src(id) {
    if (!this.sources.has(id)) this.sources.set(id, { hover: null, drag: null, pressedOn: null });
    return this.sources.get(id);
  }

  /** The ray moved: update hover, or drag a dial or slider. Returns the hit or null. */
  move(sourceId, raycaster) {
    const s = this._src(sourceId);
    if (s.drag) {
      this._dragTo(s, raycaster);
      return s.hover;
    }
    const hit = this.view.pick(raycaster);
    s.hover = hit;
    this.view.setHover(sourceId, hit && hit.id ? hit.id : null);
    if (hit && hit.menu) this.view.menu.setActive(hit.menuIndex);
    return hit;
  }

  /** Select (trigger, mouse button, tap) started on whatever the ray hits. */
  start(sourceId, raycaster) {
    const s = this._src(sourceId);
    const hit = this.view.pick(raycaster);
    s.hover = hit;
    s.pressedOn = hit;
    if (!hit) return false;
    if (hit.menu) return true; // the menu acts on release, like a button
    const id = hit.id;
    if (id && !this.store.holding && rangeOf(this.store.node(id)) && this.store.rangeAffordance(id)) {
      this._beginDrag(s, id, raycaster);
      return true;
    }
    return !!id;
  }

  /** Select ended: act on the node it started on (a click), or end a drag or a carry. */
  end(sourceId, raycaster) {
    const s = this._src(sourceId);
    if (s.drag) {
      this._endDrag(s);
      return;
    }
    const hit = raycaster ? this.view.pick(raycaster) : s.hover;
    const started = s.pressedOn;
    s.pressedOn = null;
    if (!hit) return;
    if (hit.menu) {
      if (started && started.menu && started.menuIndex === hit.menuIndex) this.view.menu.choose(hit.menuIndex);
      return;
    }
    const held = this.store.holding;
    // Drag and drop: a carried node released over a valid target is placed there.
    if (held && hit.id && hit.id !== held.node && this._isTarget(hit.id)) {
      this.activate(hit.id, sourceId);
      return;
    }
    if (started && started.id === hit.id) this.activate(hit.id, sourceId);
  }

  cancel(sourceId) {
    const s = this._src(sourceId);
    if (s.drag) this._endDrag(s, false);
    s.pressedOn = null;
  }

  _isTarget(id) {
    const held = this.store.holding;
    return !!held && this.actor.placeTargets(held.node).some((x) => x.id === id);
  }

  /** What acting on `id` would do, in words (for the focus announcement). */
  hintFor(id) {
    if (this.store.holding) {
      return this._isTarget(id) ? t('placeOn', { target: this.store.node(id)?.label || id }) : '';
    }
    if (this.store.affords(id, 'press')) return t('hintPress');
    if (this.store.rangeAffordance(id)) return t('hintDial');
    if (this.store.affords(id, 'grab')) return t('hintGrab');
    if (this.store.affords(id, 'zone')) return t('hintZone');
    return '';
  }

  /** The primary action on a node: what a click, a tap, a trigger pull or Enter does. */
  activate(id, sourceId = 'keyboard') {
    const st = this.store;
    const node = st.node(id);
    if (!node) return;
    const held = st.holding;
    if (held) {
      if (held.node === id) return this.openPlaceMenu(id, sourceId);
      if (this._isTarget(id)) {
        this.view.menu.close();
        this.actor.place(held.node, id);
        this.onRelease?.(held.node);
        this.announce(t('actionSent', { what: `${t('placeOn', { target: node.label })}` }));
        return;
      }
    }
    if (st.affords(id, 'press')) {
      this.actor.press(id);
      this.announce(t('actionSent', { what: t('pressNamed', { label: node.label }) }));
      return;
    }
    if (st.affords(id, 'grab')) {
      const opts = st.affordance(id, 'grab').options || [];
      if (opts.length > 1) {
        this.view.menu.open(t('chooseGrip', { label: node.label }),
          opts.map((o) => ({ label: t('grabBy', { option: o.replace(/_/g, ' ') }), run: () => this._grab(id, o, sourceId) })),
          this.view.anchorFor(id));
        this.announce(t('chooseGrip', { label: node.label }));
      } else {
        this._grab(id, opts[0] ?? null, sourceId);
      }
      return;
    }
    if (st.affords(id, 'zone')) {
      this.view.menu.open(node.label, [
        { label: t('enterNamed', { label: node.label }), run: () => this.actor.enter(id) },
        { label: t('leaveNamed', { label: node.label }), run: () => this.actor.leave(id) },
      ], this.view.anchorFor(id));
      this.announce(node.label);
    }
  }

  _grab(id, grip, sourceId) {
    if (!this.actor.grab(id, grip)) return;
    const node = this.store.node(id);
    this.onHold?.(sourceId, id);
    const targets = this.actor.placeTargets(id);
    this.announce(`${t('holding', { label: node.label })}. ${t('chooseTarget', { label: node.label })} ${targets.map((x) => x.label).join(', ')}`);
    this.view.showTargets(targets.map((x) => x.id));
  }

  openPlaceMenu(id, sourceId) {
    const node = this.store.node(id);
    const items = this.actor.placeTargets(id).map((x) => ({
      label: t('placeOn', { target: x.label }),
      run: () => { this.actor.place(id, x.id); this.onRelease?.(id); },
    }));
    items.push({ label: t('putBack'), run: () => this.release() });
    this.view.menu.open(t('chooseTarget', { label: node.label }), items, this.view.anchorFor(id));
    this.announce(t('chooseTarget', { label: node.label }));
  }

  /** Put down what is held without placing it (Esc, squeeze or the menu). */
  release() {
    const held = this.store.holding;
    if (!held) return;
    this.actor.release();
    this.onRelease?.(held.node);
  }

  // Dials and sliders --------------------------------------------------------------------

  _beginDrag(s, id, raycaster) {
    const view = this.view.views.get(id);
    const a = this.store.rangeAffordance(id);
    if (!view || !a) return;
    view.root.getWorldPosition(_origin);
    _normal.set(0, 0, 1).applyQuaternion(view.root.getWorldQuaternion(view.root.quaternion.clone()));
    const start = Number.isFinite(view.node.value) ? view.node.value : a.min;
    s.drag = { id, view, a, plane: new Plane().setFromNormalAndCoplanarPoint(_normal.clone(), _origin.clone()),
      startLocal: null, startValue: start, value: start, sentAt: 0, sent: start };
    this._dragTo(s, raycaster);
  }

  _dragTo(s, raycaster) {
    const d = s.drag;
    _plane.copy(d.plane);
    if (!raycaster.ray.intersectPlane(_plane, _hitPoint)) return;
    _local.copy(_hitPoint);
    d.view.root.worldToLocal(_local);
    const span = d.a.max - d.a.min;
    let v;
    if (d.view.thumb) {
      // Slider: the thumb follows the pointer along the track.
      v = d.a.min + (_local.y / d.view.trackLength + 0.5) * span;
    } else {
      // Dial: up or right turns it up; 25 cm of travel turns it through the whole range.
      if (!d.startLocal) d.startLocal = _local.clone();
      v = d.startValue + ((_local.x - d.startLocal.x) + (_local.y - d.startLocal.y)) / 0.25 * span;
    }
    v = Math.max(d.a.min, Math.min(d.a.max, v));
    const step = d.a.step || span / 100;
    v = d.a.min + Math.round((v - d.a.min) / step) * step;
    d.value = Number(v.toFixed(6));
    d.view.setPreview(d.value);
    const now = performance.now();
    if (d.value !== d.sent && now - d.sentAt > DRAG_SEND_MS) {
      this.actor.set(d.id, d.value);
      d.sent = d.value;
      d.sentAt = now;
    }
  }

  _endDrag(s, send = true) {
    const d = s.drag;
    s.drag = null;
    if (send && d.value !== d.sent) this.actor.set(d.id, d.value);
    d.view.setPreview(null);
    if (send) this.announce(`${d.view.node.label}: ${formatNumber(d.value)} ${d.a.unit || ''}`);
  }

  /** Is any source dragging a dial or slider now? */
  get dragging() {
    for (const s of this.sources.values()) if (s.drag) return true;
    return false;
  }

  /** Thumbstick or arrow-key change of the dial or slider `id` by `steps` steps. */
  nudge(id, steps) {
    if (!this.store.rangeAffordance(id)) return false;
    this.actor.nudge(id, steps);
    return true;
  }
}

export { Interactor };
