// Geometries and materials shared by every node view (one per shape and one per colour), so
// a scene of dozens of nodes needs only a handful of GPU programs and buffers.
import {
  BoxGeometry, CylinderGeometry, DoubleSide, EdgesGeometry, LineBasicMaterial,
  MeshBasicMaterial, MeshLambertMaterial, PlaneGeometry, SphereGeometry,
} from 'three';
import { hexOf } from './palette.js';

class SharedAssets {
  constructor() {
    this.box = new BoxGeometry(1, 1, 1);
    this.boxEdges = new EdgesGeometry(this.box);
    this.cylinder = new CylinderGeometry(0.5, 0.5, 1, 32);
    this.sphere = new SphereGeometry(0.5, 24, 16);
    this.plane = new PlaneGeometry(1, 1).rotateX(-Math.PI / 2);
    this.hitMaterial = new MeshBasicMaterial({ visible: false });
    this._solid = new Map();
    this._zone = new Map();
    this._line = new Map();
  }

  solid(colour) {
    if (!this._solid.has(colour)) {
      this._solid.set(colour, new MeshLambertMaterial({ color: hexOf(colour) }));
    }
    return this._solid.get(colour);
  }

  /** Translucent fill for zones (drawn after solids, no depth write). */
  zone(colour) {
    if (!this._zone.has(colour)) {
      this._zone.set(colour, new MeshBasicMaterial({
        color: hexOf(colour), transparent: true, opacity: 0.22, depthWrite: false, side: DoubleSide,
      }));
    }
    return this._zone.get(colour);
  }

  line(colour) {
    if (!this._line.has(colour)) this._line.set(colour, new LineBasicMaterial({ color: hexOf(colour) }));
    return this._line.get(colour);
  }
}

export { SharedAssets };
