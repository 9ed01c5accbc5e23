// Self-hosted glTF assets (static/client/assets/), loaded once and cloned per node.
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';

class AssetLibrary {
  constructor(base) {
    this.base = base.endsWith('/') ? base : `${base}/`;
    this.loader = new GLTFLoader();
    this._cache = new Map();
  }

  /** Resolve to a fresh clone of the asset's scene; rejects when the file cannot load. */
  load(name) {
    if (!/^[a-z0-9][a-z0-9_.-]*\.(glb|gltf)$/.test(name)) return Promise.reject(new Error(`bad asset name ${name}`));
    if (!this._cache.has(name)) {
      this._cache.set(name, this.loader.loadAsync(this.base + name).then((g) => g.scene));
    }
    return this._cache.get(name).then((scene) => scene.clone(true));
  }
}

export { AssetLibrary };
