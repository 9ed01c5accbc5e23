// A small menu drawn on a canvas plane in the scene (grip points, place targets, zone
// enter/leave). It is picked by the same rays as everything else; rows are found by the
// hit's texture coordinate, so it costs one draw call.
import { Group, Vector3 } from 'three';
import { TextPlane } from './textplane.js';
import { drawMenu } from './textcard.js';

const _toCam = new Vector3();
const ROW_H = 0.075; // m

class MenuPanel {
  constructor() {
    this.group = new Group();
    this.group.name = 'menu';
    this.group.visible = false;
    this.plane = null;
    this.items = [];
    this.title = '';
    this.active = -1;
    this.onChange = null;
  }

  get isOpen() {
    return this.group.visible;
  }

  /**
   * @param {string} title
   * @param {{label: string, run: () => void}[]} items
   * @param {Vector3} anchor world position to show the menu at
   */
  open(title, items, anchor) {
    this.close();
    this.title = title;
    this.items = items;
    this.active = 0;
    const h = ROW_H * (items.length + 1);
    this.plane = new TextPlane(0.5, h, drawMenu, 1000);
    this.plane.mesh.userData.menu = true;
    this.plane.mesh.renderOrder = 10;
    this.plane.material.depthTest = false;
    this.group.add(this.plane.mesh);
    this.group.position.copy(anchor);
    this.group.visible = true;
    this._draw();
    this.onChange?.();
  }

  /** Turn to face `camera` (a world position). */
  face(cameraPos) {
    if (!this.group.visible) return;
    _toCam.copy(cameraPos);
    _toCam.y = this.group.position.y;
    this.group.lookAt(_toCam);
  }

  rowOf(uv) {
    const rows = this.items.length + 1;
    const r = Math.floor((1 - uv.y) * rows) - 1;
    return r >= 0 && r < this.items.length ? r : -1;
  }

  setActive(i) {
    if (i === this.active || i < 0) return;
    this.active = i;
    this._draw();
  }

  move(delta) {
    if (!this.items.length) return;
    this.setActive((this.active + delta + this.items.length) % this.items.length);
  }

  choose(i = this.active) {
    const it = this.items[i];
    this.close();
    it?.run();
  }

  close() {
    if (!this.group.visible) return;
    this.group.visible = false;
    if (this.plane) {
      this.group.remove(this.plane.mesh);
      this.plane.dispose();
      this.plane = null;
    }
    this.items = [];
    this.onChange?.();
  }

  _draw() {
    this.plane?.set({ title: this.title, items: this.items.map((x) => x.label), active: this.active });
  }
}

export { MenuPanel };
