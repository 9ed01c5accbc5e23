// The three.js scene: renderer, camera rig, lights, one NodeView per scene node, highlight
// boxes, the in-scene menu and the render loop (renderer.setAnimationLoop).
import {
  Color, GridHelper, Group, HemisphereLight, DirectionalLight, LineSegments, Mesh,
  PerspectiveCamera, Quaternion, Raycaster, Scene, Vector3, WebGLRenderer,
} from 'three';
import { SharedAssets } from './shared.js';
import { AssetLibrary } from './assets.js';
import { NodeView } from './nodeview.js';
import { MenuPanel } from './menu.js';

const _camPos = new Vector3();
const _wp = new Vector3();
const _pq = new Quaternion();
const _yaw = new Quaternion();
const _up = new Vector3(0, 1, 0);

const EYE_HEIGHT = 1.6; // m

/** Can this browser make a WebGL 2 (or 1) context? */
function webglAvailable() {
  try {
    const c = document.createElement('canvas');
    return !!(c.getContext('webgl2') || c.getContext('webgl'));
  } catch {
    return false;
  }
}

class SceneView {
  /**
   * @param {HTMLElement} container
   * @param {import('./store.js').SceneStore} store
   * @param {{assetBase: string}} options
   */
  constructor(container, store, { assetBase }) {
    this.container = container;
    this.store = store;
    this.renderer = new WebGLRenderer({ antialias: true, powerPreference: 'high-performance' });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.xr.enabled = true;
    this.renderer.xr.setReferenceSpaceType('local-floor');
    const canvas = this.renderer.domElement;
    canvas.className = 'rs-canvas';
    container.appendChild(canvas);

    this.scene = new Scene();
    this.scene.background = new Color('#E8EEF3');
    this.camera = new PerspectiveCamera(70, 1, 0.05, 80);
    this.camera.position.set(0, EYE_HEIGHT, 3);
    this.rig = new Group(); // the "dolly": teleport and snap turn move it, not the camera
    this.rig.name = 'rig';
    this.rig.add(this.camera);
    this.scene.add(this.rig);

    this.scene.add(new HemisphereLight(0xffffff, 0x8899aa, 2.0));
    const sun = new DirectionalLight(0xffffff, 1.4);
    sun.position.set(2, 6, 3);
    this.scene.add(sun);
    const grid = new GridHelper(30, 30, 0x8a9aa8, 0xb8c4ce);
    grid.name = 'grid';
    this.scene.add(grid);

    this.shared = new SharedAssets();
    this.assets = new AssetLibrary(assetBase);
    this.nodes = new Group();
    this.nodes.name = 'nodes';
    this.scene.add(this.nodes);
    this.views = new Map();
    this._hitTargets = [];

    this.menu = new MenuPanel();
    this.scene.add(this.menu.group);

    const boxMat = (c) => this.shared.line(c);
    this._hover = new Map(); // source → LineSegments
    this._boxMat = boxMat;
    this.focusBox = new Group();
    const outer = new LineSegments(this.shared.boxEdges, boxMat('black'));
    outer.scale.setScalar(1.1);
    const inner = new LineSegments(this.shared.boxEdges, boxMat('yellow'));
    inner.scale.setScalar(1.06);
    this.focusBox.add(outer, inner);
    this.focusBox.name = 'focus-ring';
    this.focusBox.visible = false;
    this._targets = [];

    this.raycaster = new Raycaster();
    this.onFrame = []; // (dt, time, frame) → void, run before rendering
    this._last = 0;
    this.firstSceneAt = 0;
    this.frames = 0;
    this.paused = false;

    store.subscribe((c) => {
      if (c.kind === 'scene' || c.kind === 'patch') this.sync(c);
      if ((c.kind === 'holding' || c.kind === 'action') && !store.holding) this.showTargets([]);
    });
    this._resize = () => this.resize();
    window.addEventListener('resize', this._resize);
    this.resize();
    this.renderer.setAnimationLoop((time, frame) => this._loop(time, frame));
  }

  resize() {
    const w = this.container.clientWidth || 640;
    const h = this.container.clientHeight || 480;
    if (this.renderer.xr.isPresenting) return;
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.renderer.setSize(w, h, false);
  }

  /** Reconcile node views with the store after a scene or a patch. */
  sync(change) {
    const nodes = this.store.scene.nodes;
    const ids = change.full ? Object.keys(nodes) : change.ids;
    for (const id of ids) {
      const n = nodes[id];
      if (!n) continue;
      let v = this.views.get(id);
      if (!v) {
        v = new NodeView(n, this.shared, this.assets);
        this.views.set(id, v);
        this.nodes.add(v.root);
      } else {
        v.update(n);
      }
    }
    const gone = change.full ? [...this.views.keys()].filter((id) => !(id in nodes)) : change.removed;
    for (const id of gone) {
      const v = this.views.get(id);
      if (!v) continue;
      v.root.removeFromParent();
      v.dispose();
      this.views.delete(id);
    }
    this._hitTargets = [];
    for (const v of this.views.values()) {
      if (v.hit) this._hitTargets.push(v.hit);
      if (v.card) this._hitTargets.push(v.card.mesh);
    }
    if (this.focusId && !this.views.has(this.focusId)) this.setFocus(null);
    this.showTargets(this._targetIds || []);
    this._staggerLabels();
    if (!this.firstSceneAt) this.firstSceneAt = performance.now();
  }

  /**
   * Controls packed closer than their label cards are wide get their labels alternately
   * below and above, so no label hides another.
   */
  _staggerLabels() {
    const rows = new Map();
    for (const v of this.views.values()) {
      if (v.cardBelow === undefined || !v.card || v.held) continue;
      const p = v.root.position;
      const key = `${Math.round(p.y * 20)}|${Math.round(p.z * 20)}|${Math.round(v.root.rotation.y * 10)}`;
      if (!rows.has(key)) rows.set(key, []);
      rows.get(key).push(v);
    }
    for (const row of rows.values()) {
      row.sort((a, b) => a.root.position.x - b.root.position.x);
      let above = false;
      row.forEach((v, i) => {
        const prev = row[i - 1];
        const gap = prev ? v.root.position.x - prev.root.position.x : Infinity;
        const need = prev ? (v.card.mesh.scale.x + prev.card.mesh.scale.x) / 2 : 0;
        above = gap < need ? !above : false;
        v.card.mesh.position.y = above ? v.cardAbove : v.cardBelow;
      });
    }
  }

  /** Nearest node (or menu row) hit by `raycaster`: {id, point, distance, menu, menuIndex}. */
  pick(raycaster) {
    const objs = this.menu.isOpen ? [this.menu.plane.mesh, ...this._hitTargets] : this._hitTargets;
    const hits = raycaster.intersectObjects(objs, false);
    for (const h of hits) {
      if (h.object.userData.menu) return { menu: true, menuIndex: this.menu.rowOf(h.uv), point: h.point, distance: h.distance };
      const id = h.object.userData.nodeId;
      const v = this.views.get(id);
      if (!v || !isShown(v.root)) continue;
      return { id, point: h.point, distance: h.distance };
    }
    return null;
  }

  _box(v, box) {
    box.scale.copy(v.size).multiplyScalar(1.04).addScalar(0.01);
    box.position.copy(v.centre);
    v.root.add(box);
    box.visible = true;
  }

  setHover(source, id) {
    let box = this._hover.get(source);
    if (!box) {
      box = new LineSegments(this.shared.boxEdges, this._boxMat('white'));
      box.name = `hover:${source}`;
      this._hover.set(source, box);
    }
    const v = id ? this.views.get(id) : null;
    const usable = v && this.store.node(id)?.affordances?.length;
    const key = usable ? id : null;
    if (box.userData.id === key && (key === null || box.parent === v.root)) return;
    box.userData.id = key;
    if (!usable) {
      box.visible = false;
      box.removeFromParent();
      return;
    }
    this._box(v, box);
  }

  setFocus(id) {
    this.focusId = id;
    const v = id ? this.views.get(id) : null;
    if (!v) {
      this.focusBox.visible = false;
      this.focusBox.removeFromParent();
      return;
    }
    this.focusBox.scale.copy(v.size).addScalar(0.02);
    this.focusBox.position.copy(v.centre);
    v.root.add(this.focusBox);
    this.focusBox.visible = true;
  }

  /** Outline the nodes a held thing can be put on. */
  showTargets(ids) {
    this._targetIds = ids;
    for (const b of this._targets) { b.visible = false; b.removeFromParent(); }
    ids.forEach((id, i) => {
      const v = this.views.get(id);
      if (!v) return;
      if (!this._targets[i]) this._targets[i] = new LineSegments(this.shared.boxEdges, this._boxMat('orange'));
      this._box(v, this._targets[i]);
    });
  }

  /** A good place for a menu about node `id`: just above and in front of it. */
  anchorFor(id) {
    const v = this.views.get(id);
    const p = new Vector3();
    if (!v) return p.set(0, EYE_HEIGHT, 0);
    v.root.getWorldPosition(p);
    this.viewerPosition(_camPos);
    const toward = _camPos.clone().sub(p).setY(0).normalize().multiplyScalar(0.25);
    p.add(toward);
    p.y = Math.max(0.6, Math.min(2.0, p.y + Math.min(0.4, v.size.y / 2 + 0.15)));
    return p;
  }

  /** World position of the viewer's eyes (the XR head while presenting). */
  viewerPosition(out) {
    if (this.renderer.xr.isPresenting) return this.renderer.xr.getCamera().getWorldPosition(out);
    return this.camera.getWorldPosition(out);
  }

  _loop(time, frame) {
    const dt = this._last ? Math.min(0.1, (time - this._last) / 1000) : 0;
    this._last = time;
    for (const fn of this.onFrame) fn(dt, time, frame);
    if (this.paused && !this.renderer.xr.isPresenting) return;
    this.viewerPosition(_camPos);
    for (const v of this.views.values()) {
      const b = v.billboard;
      if (!b || !v.root.visible) continue;
      b.getWorldPosition(_wp);
      const yaw = Math.atan2(_camPos.x - _wp.x, _camPos.z - _wp.z);
      v.root.getWorldQuaternion(_pq).invert();
      _yaw.setFromAxisAngle(_up, yaw);
      b.quaternion.copy(_pq.multiply(_yaw));
    }
    this.menu.face(_camPos);
    this.renderer.render(this.scene, this.camera);
    this.frames += 1;
  }

  dispose() {
    this.renderer.setAnimationLoop(null);
    window.removeEventListener('resize', this._resize);
    for (const v of this.views.values()) v.dispose();
    this.renderer.dispose();
  }
}

function isShown(o) {
  for (let x = o; x; x = x.parent) if (!x.visible) return false;
  return true;
}

export { SceneView, webglAvailable, EYE_HEIGHT };
