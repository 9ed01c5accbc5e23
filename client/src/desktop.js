// Desktop and touch: OrbitControls to look around, pointer events (mouse, pen and touch
// alike) into the Interactor, keyboard focus and actions, and WASD walking that produces
// pose samples at a realistic walking speed.
import { Vector2, Vector3 } from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { EYE_HEIGHT } from './view3d.js';
import { t } from './strings.js';

const WALK_M_S = 1.2; // ordinary walking pace (the cleanroom's "fast" is > 1.0 m/s)
const SLOW_M_S = 0.5; // with Shift: a careful cleanroom pace
const CLICK_PX = { mouse: 6, pen: 8, touch: 14 };

const _ndc = new Vector2();
const _fwd = new Vector3();
const _right = new Vector3();
const _move = new Vector3();

class DesktopRig {
  /**
   * @param {import('./view3d.js').SceneView} view
   * @param {import('./interaction.js').Interactor} interactor
   * @param {import('./store.js').SceneStore} store
   * @param {{announce: Function, tooltip: HTMLElement, onHelp: Function, onPose: Function}} ui
   */
  constructor(view, interactor, store, ui) {
    this.view = view;
    this.interactor = interactor;
    this.store = store;
    this.ui = ui;
    this.canvas = view.renderer.domElement;
    this.canvas.tabIndex = 0;
    this.keys = new Set();
    this.avatar = new Vector3(0, EYE_HEIGHT, 3); // where the learner stands (drives poses)
    this.placed = false;
    this.pointers = new Map();

    // Our pointer handlers run in the capture phase, before OrbitControls', so that
    // dragging a dial does not also orbit the camera.
    this.canvas.addEventListener('pointerdown', (e) => this._down(e), { capture: true });
    this.canvas.addEventListener('pointermove', (e) => this._moveEv(e));
    this.canvas.addEventListener('pointerup', (e) => this._up(e), { capture: true });
    this.canvas.addEventListener('pointercancel', (e) => this._cancel(e));
    this.canvas.addEventListener('pointerleave', () => { this.ui.tooltip.hidden = true; });
    this.canvas.addEventListener('keydown', (e) => this._key(e));
    this.canvas.addEventListener('keyup', (e) => { this.keys.delete(e.code); this._shift = e.shiftKey; });
    this.canvas.addEventListener('blur', () => this.keys.clear());

    this.controls = new OrbitControls(view.camera, this.canvas);
    Object.assign(this.controls, {
      enableDamping: true, dampingFactor: 0.12, enablePan: false, minDistance: 0.3,
      maxDistance: 7, minPolarAngle: 0.12 * Math.PI, maxPolarAngle: 0.56 * Math.PI,
      keys: {}, // arrows walk instead
    });
    this.controls.listenToKeyEvents = () => {};
    view.onFrame.push((dt) => this.update(dt));
    store.subscribe((c) => {
      if (c.kind === 'scene' && !this.placed) this.placeViewer();
    });
  }

  /**
   * Stand back from the things to use (and the readings near them) until they all fit in
   * the view, looking at them.
   */
  placeViewer() {
    const st = this.store;
    const ids = st.interactableIds();
    const all = Object.values(st.scene.nodes).filter((n) => n.visible !== false);
    const core = ids.length ? ids.map((id) => st.node(id)) : all;
    if (!core.length) return;
    const lo = new Vector3(Infinity, Infinity, Infinity);
    const hi = new Vector3(-Infinity, -Infinity, -Infinity);
    for (const n of core) { _move.fromArray(n.position); lo.min(_move); hi.max(_move); }
    // Readings within 1.5 m of the controls belong in the first view too.
    for (const n of all) {
      if (!['gauge', 'chart', 'panel', 'label'].includes(n.primitive)) continue;
      _move.fromArray(n.position);
      const dx = Math.max(lo.x - _move.x, 0, _move.x - hi.x);
      const dz = Math.max(lo.z - _move.z, 0, _move.z - hi.z);
      if (Math.hypot(dx, dz) > 1.5) continue;
      const half = (n.scale ? n.scale[0] : 0.3) / 2;
      lo.min(_move.clone().subScalar(half));
      hi.max(_move.clone().addScalar(half));
    }
    const c = lo.clone().add(hi).multiplyScalar(0.5);
    const cam = this.view.camera;
    const halfW = Math.max(0.5, (hi.x - lo.x) / 2 + 0.3);
    const halfH = Math.max(0.4, (hi.y - lo.y) / 2 + 0.25);
    const vt = Math.tan((cam.fov * Math.PI) / 360);
    const ht = vt * Math.max(0.6, cam.aspect);
    const dist = Math.max(1.6, Math.min(6.5, Math.max(halfW / ht, halfH / vt) + (hi.z - lo.z) / 2));
    this.placed = true;
    this.controls.target.set(c.x, Math.max(0.8, Math.min(1.7, c.y)), c.z);
    cam.position.set(c.x, Math.max(EYE_HEIGHT, c.y) + 0.2, c.z + dist);
    this.avatar.set(c.x, EYE_HEIGHT, c.z + Math.min(dist, 1.5));
    this.controls.update();
  }

  get enabled() {
    return !this.view.renderer.xr.isPresenting && !this.view.paused;
  }

  _ray(e) {
    const r = this.canvas.getBoundingClientRect();
    _ndc.set(((e.clientX - r.left) / r.width) * 2 - 1, -((e.clientY - r.top) / r.height) * 2 + 1);
    this.view.raycaster.setFromCamera(_ndc, this.view.camera);
    return this.view.raycaster;
  }

  _down(e) {
    if (!this.enabled) return;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY, type: e.pointerType });
    if (this.pointers.size > 1) {
      // A second finger: this is a pinch, not a tap.
      this.interactor.cancel(this._source(e));
      this.controls.enabled = true;
      return;
    }
    if (e.button !== undefined && e.button > 0) return;
    const src = this._source(e);
    this.interactor.start(src, this._ray(e));
    if (this.interactor.dragging) {
      this.controls.enabled = false;
      this.canvas.setPointerCapture?.(e.pointerId);
    }
  }

  _moveEv(e) {
    if (!this.enabled) return;
    const hit = this.interactor.move(this._source(e), this._ray(e));
    const tip = this.ui.tooltip;
    const node = hit && hit.id ? this.store.node(hit.id) : null;
    if (node && e.pointerType !== 'touch') {
      tip.textContent = node.text ? `${node.label}: ${node.text}` : node.label;
      const r = this.canvas.getBoundingClientRect();
      tip.style.left = `${Math.min(e.clientX - r.left + 16, r.width - 220)}px`;
      tip.style.top = `${e.clientY - r.top + 16}px`;
      tip.hidden = false;
    } else {
      tip.hidden = true;
    }
    const usable = node && node.affordances && node.affordances.length;
    this.canvas.classList.toggle('rs-pointing', !!(usable || (hit && hit.menu)));
  }

  _up(e) {
    const p = this.pointers.get(e.pointerId);
    this.pointers.delete(e.pointerId);
    if (!this.enabled || !p) return;
    const src = this._source(e);
    const moved = Math.hypot(e.clientX - p.x, e.clientY - p.y);
    if (this.interactor.dragging || moved <= (CLICK_PX[p.type] || 6)) {
      this.interactor.end(src, this._ray(e));
    } else {
      this.interactor.cancel(src);
    }
    this.controls.enabled = true;
    this.canvas.focus({ preventScroll: true });
  }

  _cancel(e) {
    this.pointers.delete(e.pointerId);
    this.interactor.cancel(this._source(e));
    this.controls.enabled = true;
  }

  _source(e) {
    return e.pointerType === 'touch' ? 'touch' : 'mouse';
  }

  // Keyboard --------------------------------------------------------------------------

  _focusables() {
    const ids = this.store.interactableIds();
    const held = this.store.holding;
    if (held) {
      for (const x of this.interactor.actor.placeTargets(held.node)) if (!ids.includes(x.id)) ids.push(x.id);
    }
    return ids;
  }

  focus(id) {
    this.view.setFocus(id);
    if (!id) return;
    const node = this.store.node(id);
    const hint = this.interactor.hintFor(id);
    this.ui.announce(t('focusedHint', { label: node.label, text: node.text || '', hint }));
    // Look at it (looking is not walking: the pose does not change).
    this._lookTarget = new Vector3().fromArray(node.position);
  }

  _key(e) {
    if (!this.enabled) return;
    this._shift = e.shiftKey;
    const menu = this.view.menu;
    const focus = this.view.focusId;
    if (menu.isOpen) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowRight') { menu.move(1); this._announceMenu(); e.preventDefault(); return; }
      if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') { menu.move(-1); this._announceMenu(); e.preventDefault(); return; }
      if (e.key === 'Enter' || e.key === ' ') { menu.choose(); e.preventDefault(); return; }
      if (e.key === 'Escape') { menu.close(); e.preventDefault(); return; }
      if (/^[1-9]$/.test(e.key)) { menu.choose(Number(e.key) - 1); e.preventDefault(); return; }
      if (e.key === 'Tab') { menu.close(); }
    }
    if (e.key === 'Tab') {
      const list = this._focusables();
      if (!list.length) return;
      const i = list.indexOf(focus);
      const next = e.shiftKey ? i - 1 : i + 1;
      if ((e.shiftKey && i === 0) || (!e.shiftKey && i === list.length - 1)) {
        this.focus(null); // let focus leave the canvas: no keyboard trap
        return;
      }
      e.preventDefault();
      this.focus(list[next < 0 ? list.length - 1 : next] ?? list[0]);
      return;
    }
    if (e.key === '?') { this.ui.onHelp(); e.preventDefault(); return; }
    if (e.key === 'Escape') {
      if (this.store.holding) { this.interactor.release(); e.preventDefault(); }
      return;
    }
    if ((e.key === 'Enter' || e.key === ' ') && focus) {
      this.interactor.activate(focus);
      e.preventDefault();
      return;
    }
    const ranged = focus && this.store.rangeAffordance(focus);
    if (ranged && ['ArrowUp', 'ArrowRight', 'ArrowDown', 'ArrowLeft', 'PageUp', 'PageDown'].includes(e.key)) {
      const big = e.key.startsWith('Page') || e.shiftKey ? 10 : 1;
      const dir = e.key === 'ArrowUp' || e.key === 'ArrowRight' || e.key === 'PageUp' ? 1 : -1;
      this.interactor.nudge(focus, dir * big);
      e.preventDefault();
      return;
    }
    if (['KeyW', 'KeyA', 'KeyS', 'KeyD', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(e.code)) {
      this.keys.add(e.code);
      e.preventDefault();
    }
  }

  _announceMenu() {
    const m = this.view.menu;
    this.ui.announce(m.items[m.active]?.label || '');
  }

  /** Per frame: walking, looking at the focused node, damping, poses. */
  update(dt) {
    if (!this.enabled) return;
    const k = this.keys;
    const f = (k.has('KeyW') || k.has('ArrowUp') ? 1 : 0) - (k.has('KeyS') || k.has('ArrowDown') ? 1 : 0);
    const s = (k.has('KeyD') || k.has('ArrowRight') ? 1 : 0) - (k.has('KeyA') || k.has('ArrowLeft') ? 1 : 0);
    if ((f || s) && dt > 0) {
      const cam = this.view.camera;
      cam.getWorldDirection(_fwd).setY(0).normalize();
      _right.crossVectors(_fwd, cam.up).normalize();
      _move.copy(_fwd).multiplyScalar(f).addScaledVector(_right, s).normalize();
      const speed = this._shift ? SLOW_M_S : WALK_M_S;
      _move.multiplyScalar(speed * dt);
      this.avatar.add(_move);
      cam.position.add(_move);
      this.controls.target.add(_move);
      this._lookTarget = null;
    }
    if (this._lookTarget) {
      const tg = this.controls.target;
      const before = tg.clone();
      tg.lerp(this._lookTarget, Math.min(1, dt * 6));
      this.view.camera.position.add(tg.clone().sub(before));
      if (tg.distanceTo(this._lookTarget) < 0.01) this._lookTarget = null;
    }
    this.controls.update();
    this.ui.onPose([this.avatar.x, this.avatar.y, this.avatar.z], null, null);
  }
}

export { DesktopRig, WALK_M_S, SLOW_M_S };
