// A plane with its own canvas texture: one texture per text node, redrawn only when the
// description changes.
import { CanvasTexture, Mesh, MeshBasicMaterial, PlaneGeometry, SRGBColorSpace } from 'three';

const _unitPlane = new PlaneGeometry(1, 1);

class TextPlane {
  /**
   * @param {number} width metres
   * @param {number} height metres
   * @param {number} pxPerMetre canvas resolution
   * @param {(ctx, w, h, desc) => void} draw
   */
  constructor(width, height, draw, pxPerMetre = 1100, maxPx = 1024) {
    const k = Math.min(pxPerMetre, maxPx / Math.max(width, height));
    this.canvas = document.createElement('canvas');
    this.canvas.width = Math.max(64, Math.round(width * k));
    this.canvas.height = Math.max(32, Math.round(height * k));
    this.ctx = this.canvas.getContext('2d');
    this.texture = new CanvasTexture(this.canvas);
    this.texture.colorSpace = SRGBColorSpace;
    this.texture.anisotropy = 4;
    this.material = new MeshBasicMaterial({ map: this.texture, transparent: true, toneMapped: false });
    this.mesh = new Mesh(_unitPlane, this.material);
    this.mesh.scale.set(width, height, 1);
    this.draw = draw;
    this._key = '';
  }

  /** Redraw if `desc` differs from the last one drawn; returns true when it redrew. */
  set(desc) {
    const key = JSON.stringify(desc);
    if (key === this._key) return false;
    this._key = key;
    this.draw(this.ctx, this.canvas.width, this.canvas.height, desc);
    this.texture.needsUpdate = true;
    return true;
  }

  dispose() {
    this.texture.dispose();
    this.material.dispose();
  }
}

export { TextPlane };
