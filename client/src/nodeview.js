// One scene node as three.js objects. The view is rebuilt when the node's shape changes and
// updated in place (transform, colour, text texture) otherwise.
import { Box3, Group, LineSegments, Mesh, Vector3 } from 'three';
import { TextPlane } from './textplane.js';
import { drawCard, drawChart, drawGauge, drawPanel } from './textcard.js';
import { formatNumber } from './strings.js';

const _size = new Vector3();
const _centre = new Vector3();
const _box = new Box3();

const MIN_HIT = 0.1; // m: smallest hit target along any axis (touch, VR rays)

const isNum = Number.isFinite;

function rangeOf(node) {
  const a = (node.affordances || []).find((x) => x.kind === 'dial' || x.kind === 'slider');
  if (!a) return null;
  return { min: a.min, max: a.max, step: a.step || (a.max - a.min) / 100, unit: a.unit || node.unit || '' };
}

function structuralKey(n) {
  return `${n.primitive}|${n.asset || ''}|${(n.scale || [1, 1, 1]).join(',')}`;
}

function cardDesc(n) {
  return { title: n.label, text: n.text || (isNum(n.value) ? `${formatNumber(n.value)} ${n.unit || ''}` : ''), colour: n.colour };
}

class NodeView {
  /**
   * @param {object} node scene node JSON
   * @param {import('./shared.js').SharedAssets} shared
   * @param {import('./assets.js').AssetLibrary} assets
   */
  constructor(node, shared, assets) {
    this.id = node.id;
    this.shared = shared;
    this.assets = assets;
    this.root = new Group();
    this.root.name = `node:${node.id}`;
    this.node = null;
    this.key = '';
    this.billboard = null; // a child that turns to face the viewer about y
    this.hit = null;
    this.size = new Vector3(1, 1, 1); // extent of the highlight box (local)
    this.centre = new Vector3(); // centre of the highlight box (local)
    this.preview = null; // a dial or slider value being dragged, shown before the server agrees
    this.held = false;
    this.update(node);
  }

  update(node) {
    const key = structuralKey(node);
    if (key !== this.key) {
      this._clear();
      this.key = key;
      this.node = node;
      this._build(node);
    }
    this.node = node;
    if (!this.held) {
      this.root.position.fromArray(node.position);
      const r = node.rotation || [0, 0, 0];
      this.root.rotation.set(r[0], r[1], r[2]);
    }
    this.root.visible = node.visible !== false;
    this._refresh(node);
  }

  _clear() {
    for (const tp of this._texts || []) tp.dispose();
    this._texts = [];
    this.root.clear();
    this.billboard = null;
    this.solid = null;
    this.knob = null;
    this.thumb = null;
  }

  _text(w, h, draw, px) {
    const tp = new TextPlane(w, h, draw, px);
    this._texts.push(tp);
    return tp;
  }

  _addHit(sx, sy, sz, cx = 0, cy = 0, cz = 0) {
    const hit = new Mesh(this.shared.box, this.shared.hitMaterial);
    hit.scale.set(Math.max(sx, MIN_HIT), Math.max(sy, MIN_HIT), Math.max(sz, MIN_HIT));
    hit.position.set(cx, cy, cz);
    hit.userData.nodeId = this.id;
    this.root.add(hit);
    this.hit = hit;
    this.size.set(sx, sy, sz);
    this.centre.set(cx, cy, cz);
  }

  /** A label card above a solid of height `h`, turned towards the viewer. */
  _addLabel(top, width = 0.42, height = 0.14) {
    const card = this._text(width, height, drawCard);
    const g = new Group();
    g.position.y = top + height / 2 + 0.03;
    g.add(card.mesh);
    card.mesh.userData.nodeId = this.id;
    this.root.add(g);
    this.billboard = g;
    this.card = card;
  }

  _build(n) {
    const s = n.scale || [1, 1, 1];
    const sh = this.shared;
    const p = n.primitive;
    this.card = null;
    if (p === 'box' || p === 'cylinder' || p === 'sphere') {
      const m = new Mesh(sh[p], sh.solid(n.colour));
      m.scale.fromArray(s);
      this.root.add(m);
      this.solid = m;
      this._addHit(s[0], s[1], s[2]);
      this._addLabel(s[1] / 2, Math.max(0.36, Math.min(0.6, s[0] * 1.1)));
    } else if (p === 'plane') {
      const m = new Mesh(sh.plane, sh.solid(n.colour));
      m.scale.set(s[0], 1, s[2]);
      m.position.y = 0.001;
      this.root.add(m);
      this.solid = m;
      this._addHit(s[0], 0.02, s[2]);
      this.size.set(s[0], 0.01, s[2]);
      const card = this._text(0.6, 0.2, drawCard);
      card.mesh.rotation.x = -Math.PI / 2;
      card.mesh.position.y = 0.005;
      card.mesh.userData.nodeId = this.id;
      this.root.add(card.mesh);
      this.card = card;
    } else if (p === 'zone') {
      const fill = new Mesh(sh.box, sh.zone(n.colour));
      fill.scale.fromArray(s);
      fill.renderOrder = 2;
      const edges = new LineSegments(sh.boxEdges, sh.line(n.colour === 'white' ? 'grey' : n.colour));
      edges.scale.fromArray(s);
      this.root.add(fill, edges);
      this.solid = fill;
      this.edges = edges;
      this._addHit(s[0], s[1], s[2]);
      this._addLabel(s[1] / 2, 0.42, 0.14);
    } else if (p === 'gauge') {
      const w = Math.max(0.26, s[0]);
      const h = w * 0.75;
      const card = this._text(w, h, drawGauge);
      this.root.add(card.mesh);
      card.mesh.userData.nodeId = this.id;
      this.card = card;
      this._addHit(w, h, 0.02);
    } else if (p === 'chart' || p === 'panel' || p === 'label') {
      const w = p === 'label' ? Math.max(0.4, s[0] === 1 ? 0.45 : s[0]) : Math.max(0.3, s[0]);
      const h = p === 'label' ? 0.16 : Math.max(0.16, s[1]);
      const card = this._text(w, h, p === 'chart' ? drawChart : p === 'panel' ? drawPanel : drawCard);
      this.root.add(card.mesh);
      card.mesh.userData.nodeId = this.id;
      this.card = card;
      this._addHit(w, h, 0.02);
    } else if (p === 'dial') {
      const d = Math.max(0.06, Math.min(s[0], s[1]));
      const knob = new Group();
      const body = new Mesh(sh.cylinder, sh.solid(n.colour));
      body.rotation.x = Math.PI / 2;
      body.scale.set(d, Math.max(0.02, s[2]), d);
      const mark = new Mesh(sh.box, sh.solid('white'));
      mark.scale.set(d * 0.08, d * 0.45, 0.006);
      mark.position.set(0, d * 0.25, Math.max(0.02, s[2]) / 2 + 0.003);
      knob.add(body, mark);
      this.root.add(knob);
      this.knob = knob;
      this.solid = body;
      const cw = Math.max(0.17, Math.min(0.24, d * 1.8));
      const card = this._text(cw, cw * 0.42, drawCard);
      card.mesh.position.y = -d / 2 - cw * 0.21 - 0.01;
      card.mesh.userData.nodeId = this.id;
      this.root.add(card.mesh);
      this.card = card;
      this.cardBelow = card.mesh.position.y;
      this.cardAbove = d / 2 + cw * 0.21 + 0.01;
      this._addHit(cw, d + cw * 0.42 + 0.01, Math.max(0.04, s[2]), 0, -cw * 0.21 - 0.005);
    } else if (p === 'slider') {
      const len = Math.max(0.12, s[1]);
      const track = new Mesh(sh.box, sh.solid('grey'));
      track.scale.set(0.012, len, 0.01);
      const thumb = new Mesh(sh.box, sh.solid(n.colour));
      thumb.scale.set(Math.max(0.04, s[0]), 0.025, Math.max(0.02, s[2]));
      this.root.add(track, thumb);
      this.thumb = thumb;
      this.trackLength = len;
      this.solid = thumb;
      const cw = 0.19;
      const card = this._text(cw, 0.1, drawCard);
      card.mesh.position.y = -len / 2 - 0.055;
      card.mesh.userData.nodeId = this.id;
      this.root.add(card.mesh);
      this.card = card;
      this.cardBelow = card.mesh.position.y;
      this.cardAbove = len / 2 + 0.055;
      this._addHit(Math.max(0.06, s[0]), len + 0.12, 0.04, 0, -0.05);
    } else if (p === 'button') {
      const b = new Mesh(sh.box, sh.solid(n.colour));
      b.scale.set(s[0], s[1], Math.max(0.02, s[2]));
      this.root.add(b);
      this.solid = b;
      const cw = Math.max(0.13, Math.min(0.22, s[0] * 1.8));
      const card = this._text(cw, cw * 0.5, drawCard);
      card.mesh.position.y = -s[1] / 2 - cw * 0.25 - 0.01;
      card.mesh.userData.nodeId = this.id;
      this.root.add(card.mesh);
      this.card = card;
      this.cardBelow = card.mesh.position.y;
      this.cardAbove = s[1] / 2 + cw * 0.25 + 0.01;
      this._addHit(Math.max(s[0], 0.08), s[1] + 0.02, Math.max(0.04, s[2]));
    } else if (p === 'asset') {
      const holder = new Group();
      holder.scale.fromArray(s);
      this.root.add(holder);
      this._addHit(0.5, 0.5, 0.5, 0, 0.25, 0);
      this._addLabel(0.5);
      this.assets.load(n.asset).then((obj) => {
        if (this.key !== structuralKey(n)) return;
        holder.add(obj);
        _box.setFromObject(obj);
        _box.getSize(_size);
        _box.getCenter(_centre);
        this.hit.scale.copy(_size).multiply(holder.scale).max(new Vector3(MIN_HIT, MIN_HIT, MIN_HIT));
        this.hit.position.copy(_centre).multiply(holder.scale);
        this.size.copy(this.hit.scale);
        this.centre.copy(this.hit.position);
        this.billboard.position.y = (_box.max.y * holder.scale.y) + 0.12;
      }, () => {
        const m = new Mesh(this.shared.box, this.shared.solid(n.colour));
        m.scale.set(0.5, 0.5, 0.5);
        m.position.y = 0.25;
        holder.add(m);
      });
    }
  }

  _refresh(n) {
    const p = n.primitive;
    if (this.solid && (p === 'box' || p === 'cylinder' || p === 'sphere' || p === 'plane' || p === 'button')) {
      this.solid.material = this.shared.solid(n.colour);
    } else if (p === 'zone') {
      this.solid.material = this.shared.zone(n.colour);
      this.edges.material = this.shared.line(n.colour === 'white' ? 'grey' : n.colour);
    } else if (p === 'dial') {
      this.solid.material = this.shared.solid(n.colour);
    } else if (p === 'slider') {
      this.solid.material = this.shared.solid(n.colour);
    }
    if (!this.card) return;
    if (p === 'gauge') {
      this.card.set({ title: n.label, text: n.text || '', colour: n.colour, value: n.value, limits: n.limits || [], unit: n.unit || '' });
    } else if (p === 'chart') {
      this.card.set({ title: n.label, text: n.text || '', colour: n.colour, series: n.series || [], limits: n.limits || [] });
    } else {
      this.card.set(cardDesc(n));
    }
    this.showValue(this.preview ?? n.value);
  }

  /** Turn the knob or move the thumb to `value` (a preview while dragging, or the state). */
  showValue(value) {
    const r = rangeOf(this.node);
    if (!r || !isNum(value)) return;
    const f = Math.max(0, Math.min(1, (value - r.min) / (r.max - r.min || 1)));
    if (this.knob) this.knob.rotation.z = (0.75 - 1.5 * f) * Math.PI; // −135° … +135°, clockwise up
    if (this.thumb) this.thumb.position.y = (f - 0.5) * this.trackLength;
  }

  setPreview(value) {
    this.preview = value;
    this.showValue(value ?? this.node.value);
    if (value != null && this.card) {
      const r = rangeOf(this.node);
      this.card.set({ title: this.node.label, text: `${formatNumber(value)} ${r ? r.unit : ''}`, colour: this.node.colour });
    } else if (this.card) {
      this._refresh(this.node);
    }
  }

  dispose() {
    this._clear();
  }
}

export { NodeView, rangeOf };
