// Immersive VR: session start and end, controllers with ray pointers (through the same
// Interactor as the mouse), grabbing with controller.attach, teleport and snap turn with a
// comfort vignette, seated mode, a captions panel that follows the view, and poses.
import {
  BufferGeometry, Float32BufferAttribute, Group, Line, LineBasicMaterial, Matrix4, Mesh,
  MeshBasicMaterial, Quaternion, RingGeometry, Vector3,
} from 'three';
import { XRControllerModelFactory } from 'three/addons/webxr/XRControllerModelFactory.js';
import { XRHandModelFactory } from 'three/addons/webxr/XRHandModelFactory.js';
import { TextPlane } from './textplane.js';
import { drawCaptions } from './textcard.js';
import { t } from './strings.js';

const SNAP_RAD = Math.PI / 6; // 30°
const TELEPORT_MAX_M = 8;
const SEATED_RAISE_M = 0.45;
const REPORT_M_S = 0.8; // a teleport is reported in poses as a careful walk at this pace
const FADE_S = 0.22;

const _head = new Vector3();
const _p = new Vector3();
const _dir = new Vector3();
const _q = new Quaternion();
const _m = new Matrix4();
const _up = new Vector3(0, 1, 0);

class XRRig {
  /**
   * @param {import('./view3d.js').SceneView} view
   * @param {import('./interaction.js').Interactor} interactor
   * @param {import('./store.js').SceneStore} store
   * @param {{profilesPath: string, announce: Function, onPose: Function, onSessionChange: Function}} opts
   */
  constructor(view, interactor, store, opts) {
    this.view = view;
    this.interactor = interactor;
    this.store = store;
    this.opts = opts;
    this.session = null;
    this.seated = false;
    this.controllers = [];
    this.reportOffset = new Vector3(); // reported pose = true pose + this, decays to 0
    this.fade = 0; // 0 … 1, vignette closing
    this._fadeDir = 0;
    this._pending = null; // motion to apply when the vignette is closed
    const r = view.renderer;

    const modelFactory = new XRControllerModelFactory();
    modelFactory.setPath(opts.profilesPath);
    const handFactory = new XRHandModelFactory();
    const rayGeom = new BufferGeometry().setAttribute('position', new Float32BufferAttribute([0, 0, 0, 0, 0, -1], 3));
    const rayMat = new LineBasicMaterial({ color: 0xffffff });
    const dotGeom = new RingGeometry(0.008, 0.016, 16);
    const dotMat = new MeshBasicMaterial({ color: 0xF0E442, depthTest: false });
    for (let i = 0; i < 2; i += 1) {
      const controller = r.xr.getController(i);
      const ray = new Line(rayGeom, rayMat);
      ray.name = 'ray';
      ray.scale.z = 3;
      controller.add(ray);
      const dot = new Mesh(dotGeom, dotMat);
      dot.renderOrder = 20;
      dot.visible = false;
      view.scene.add(dot);
      const c = { index: i, controller, ray, dot, source: `xr-${i}`, inputSource: null, stick: { turnArmed: true, teleporting: false } };
      controller.userData.rs = c;
      controller.addEventListener('connected', (e) => {
        c.inputSource = e.data;
        c.source = `xr-${e.data.handedness || i}`;
        ray.visible = e.data.targetRayMode !== 'gaze';
      });
      controller.addEventListener('disconnected', () => {
        c.inputSource = null;
        dot.visible = false;
        this.interactor.cancel(c.source);
        this.view.setHover(c.source, null);
      });
      controller.addEventListener('selectstart', () => this.interactor.start(c.source, this._rayFrom(c)));
      controller.addEventListener('selectend', () => this.interactor.end(c.source, this._rayFrom(c)));
      controller.addEventListener('squeezestart', () => this.interactor.release());
      view.rig.add(controller);
      const grip = r.xr.getControllerGrip(i);
      grip.add(modelFactory.createControllerModel(grip));
      view.rig.add(grip);
      const hand = r.xr.getHand(i);
      hand.add(handFactory.createHandModel(hand, 'boxes'));
      view.rig.add(hand);
      this.controllers.push(c);
    }

    // Teleport marker and comfort vignette (a black ring that closes around the view).
    this.marker = new Mesh(new RingGeometry(0.18, 0.25, 32).rotateX(-Math.PI / 2), new MeshBasicMaterial({ color: 0x56B4E9 }));
    this.marker.visible = false;
    view.scene.add(this.marker);
    this.vignette = new Mesh(new RingGeometry(0.5, 4, 48), new MeshBasicMaterial({ color: 0x000000, transparent: true, depthTest: false }));
    this.vignette.position.z = -0.3;
    this.vignette.renderOrder = 30;
    this.vignette.visible = false;
    view.camera.add(this.vignette);

    // Captions that follow the view (shown only in VR; the page shows them otherwise).
    this.captions = new TextPlane(0.9, 0.3, drawCaptions, 900);
    this.captions.mesh.renderOrder = 25;
    this.captions.material.depthTest = false;
    this.captionsGroup = new Group();
    this.captionsGroup.add(this.captions.mesh);
    this.captionsGroup.visible = false;
    view.scene.add(this.captionsGroup);
    store.subscribe((c) => {
      if (c.kind === 'caption' || c.kind === 'scene' || (c.kind === 'patch' && c.caption) || c.kind === 'error' || c.kind === 'session') this._drawCaptions();
    });

    interactor.onHold = (source, id) => this._hold(source, id);
    const prevRelease = interactor.onRelease;
    interactor.onRelease = (id) => { this._unhold(id); prevRelease?.(id); };
    view.onFrame.push((dt, time, frame) => this.update(dt, frame));
    r.xr.addEventListener('sessionstart', () => this._started());
    r.xr.addEventListener('sessionend', () => this._ended());
  }

  /** Is immersive VR supported here? (false without navigator.xr or off HTTPS) */
  static async supported() {
    if (!('xr' in navigator) || !navigator.xr) return false;
    try {
      return await navigator.xr.isSessionSupported('immersive-vr');
    } catch {
      return false;
    }
  }

  async enter() {
    if (this.session) return this.session.end();
    const session = await navigator.xr.requestSession('immersive-vr', {
      optionalFeatures: ['local-floor', 'bounded-floor', 'hand-tracking'],
    });
    this.session = session;
    await this.view.renderer.xr.setSession(session);
    return session;
  }

  exit() {
    return this.session?.end();
  }

  setSeated(seated) {
    this.seated = seated;
    this.view.rig.position.y = seated ? SEATED_RAISE_M : 0;
  }

  _started() {
    // Start where the desktop learner stood, facing what they were looking at.
    const d = this.opts.desktop;
    this._saved = this.view.camera.matrix.clone();
    const rig = this.view.rig;
    if (d) {
      rig.position.set(d.avatar.x, this.seated ? SEATED_RAISE_M : 0, d.avatar.z);
      const tg = d.controls.target;
      rig.rotation.set(0, Math.atan2(-(tg.x - d.avatar.x), -(tg.z - d.avatar.z)), 0);
    }
    this.captionsGroup.visible = true;
    this._drawCaptions();
    this.opts.onSessionChange?.(true);
  }

  _ended() {
    this.session = null;
    const rig = this.view.rig;
    rig.position.set(0, 0, 0);
    rig.rotation.set(0, 0, 0);
    if (this._saved) this._saved.decompose(this.view.camera.position, this.view.camera.quaternion, this.view.camera.scale);
    this.captionsGroup.visible = false;
    this.marker.visible = false;
    for (const c of this.controllers) c.dot.visible = false;
    this.view.resize();
    this.opts.onSessionChange?.(false);
  }

  _rayFrom(c) {
    const rc = this.view.raycaster;
    rc.setFromXRController(c.controller);
    return rc;
  }

  _hold(source, id) {
    const c = this.controllers.find((x) => x.source === source);
    const v = this.view.views.get(id);
    if (!c || !v) return;
    v.held = true;
    c.controller.attach(v.root);
  }

  _unhold(id) {
    const v = this.view.views.get(id);
    if (!v || !v.held) return;
    v.held = false;
    this.view.nodes.attach(v.root);
    const n = this.store.node(id);
    if (n) v.update(n);
  }

  _drawCaptions() {
    if (!this.captionsGroup.visible) return;
    const s = this.store;
    const lines = [];
    if (s.scene?.caption) lines.push(s.scene.caption);
    const recent = s.captions.slice(-2).filter((c) => c.text !== s.scene?.caption);
    for (const c of recent) lines.push(`${t(`kind.${c.kind}`)}: ${c.text}`);
    if (s.lastError) lines.push(t('errorFromServer', { error: s.lastError.error }));
    const holding = s.holding ? t('holding', { label: s.node(s.holding.node)?.label || s.holding.node }) : '';
    this.captions.set({ status: [s.scene?.status, holding].filter(Boolean).join(' · '), lines });
  }

  /** Motion with a vignette: close, move, open. */
  _comfortMove(fn) {
    this._pending = fn;
    this._fadeDir = 1;
    this.vignette.visible = true;
  }

  _teleportTo(point) {
    this.view.renderer.xr.getCamera().getWorldPosition(_head);
    const dx = point.x - _head.x;
    const dz = point.z - _head.z;
    this._comfortMove(() => {
      this.view.rig.position.x += dx;
      this.view.rig.position.z += dz;
      this.reportOffset.x -= dx;
      this.reportOffset.z -= dz;
    });
    this.opts.announce?.(t('teleported'));
  }

  _snapTurn(angle) {
    this._comfortMove(() => {
      const rig = this.view.rig;
      this.view.renderer.xr.getCamera().getWorldPosition(_head);
      // Rotate the rig about the vertical line through the head.
      _q.setFromAxisAngle(_up, angle);
      rig.position.sub(_head).applyQuaternion(_q).add(_head);
      rig.quaternion.premultiply(_q);
    });
  }

  update(dt, frame) {
    if (!this.view.renderer.xr.isPresenting) return;
    // Vignette animation.
    if (this._fadeDir) {
      this.fade = Math.max(0, Math.min(1, this.fade + (this._fadeDir * dt) / FADE_S));
      if (this.fade >= 1 && this._pending) {
        this._pending();
        this._pending = null;
        this._fadeDir = -1;
      } else if (this.fade <= 0) {
        this._fadeDir = 0;
        this.vignette.visible = false;
      }
      this.vignette.scale.setScalar(Math.max(0.02, 1.6 * (1 - this.fade)));
    }
    // Pointers and thumbsticks.
    for (const c of this.controllers) {
      if (!c.inputSource) continue;
      const rc = this._rayFrom(c);
      const hit = this.interactor.move(c.source, rc);
      c.ray.scale.z = hit ? hit.distance : 3;
      if (hit) {
        c.dot.visible = true;
        c.dot.position.copy(hit.point);
        c.dot.quaternion.copy(this.view.renderer.xr.getCamera().quaternion);
      } else {
        c.dot.visible = false;
      }
      this._stick(c, hit, rc);
    }
    // Captions follow the view lazily (only when it has drifted more than ~25°).
    const cam = this.view.renderer.xr.getCamera();
    cam.getWorldPosition(_head);
    cam.getWorldDirection(_dir).setY(0).normalize();
    _p.copy(_head).addScaledVector(_dir, 1.3);
    _p.y = _head.y - 0.35;
    const g = this.captionsGroup;
    const off = _p.clone().sub(_head).setY(0).normalize();
    const cur = g.position.clone().sub(_head).setY(0).normalize();
    if (!this._captionsPlaced || off.dot(cur) < 0.9 || g.position.distanceTo(_p) > 1.5) this._captionsMoving = true;
    if (this._captionsMoving) {
      g.position.lerp(_p, this._captionsPlaced ? Math.min(1, dt * 3) : 1);
      this._captionsPlaced = true;
      if (g.position.distanceTo(_p) < 0.03) this._captionsMoving = false;
    }
    g.lookAt(_head.x, g.position.y, _head.z);
    // Poses: the head and both hands, with any teleport reported as a careful walk.
    const len = this.reportOffset.length();
    if (len > 0) {
      const step = REPORT_M_S * dt;
      if (len <= step) this.reportOffset.set(0, 0, 0); else this.reportOffset.multiplyScalar((len - step) / len);
    }
    const hands = { left: null, right: null };
    for (const c of this.controllers) {
      const hd = c.inputSource?.handedness;
      if (hd === 'left' || hd === 'right') {
        c.controller.getWorldPosition(_p).add(this.reportOffset);
        hands[hd] = [_p.x, _p.y, _p.z];
      }
    }
    const h = _head.clone().add(this.reportOffset);
    this.opts.onPose([h.x, h.y, h.z], hands.left, hands.right);
  }

  _stick(c, hit, rc) {
    const gp = c.inputSource.gamepad;
    if (!gp || gp.axes.length < 4) return;
    const x = gp.axes[2];
    const y = gp.axes[3];
    const st = c.stick;
    // Pointing at a dial or slider: the stick turns it instead of the learner.
    if (hit && hit.id && this.store.rangeAffordance(hit.id) && Math.abs(x) > 0.6) {
      const now = performance.now();
      if (!st.nudgeAt || now - st.nudgeAt > 180) {
        this.interactor.nudge(hit.id, x > 0 ? 1 : -1);
        st.nudgeAt = now;
      }
      return;
    }
    if (st.turnArmed && Math.abs(x) > 0.7 && Math.abs(y) < 0.5) {
      st.turnArmed = false;
      this._snapTurn(x > 0 ? -SNAP_RAD : SNAP_RAD);
    } else if (Math.abs(x) < 0.3) {
      st.turnArmed = true;
    }
    if (y < -0.7) {
      st.teleporting = true;
      // Where the controller ray meets the floor.
      _m.identity().extractRotation(c.controller.matrixWorld);
      const o = rc.ray.origin;
      const d = rc.ray.direction;
      if (d.y < -0.05) {
        const tt = -o.y / d.y;
        if (tt > 0 && tt < TELEPORT_MAX_M) {
          this.marker.position.set(o.x + d.x * tt, 0.01, o.z + d.z * tt);
          this.marker.visible = true;
          return;
        }
      }
      this.marker.visible = false;
    } else if (st.teleporting && Math.abs(y) < 0.3) {
      st.teleporting = false;
      if (this.marker.visible) this._teleportTo(this.marker.position.clone());
      this.marker.visible = false;
    }
  }
}

export { XRRig };
