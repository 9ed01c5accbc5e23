// Make the self-made glTF props in client/assets/ from three.js primitives (run by hand:
// `node tools/make-assets.mjs`; the .glb files are committed). Units are metres, y up,
// origin on the floor at the prop's centre; untextured, one primitive per material.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BoxGeometry, CylinderGeometry, Matrix4, Euler, Vector3, Quaternion } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';

const here = dirname(fileURLToPath(import.meta.url));

function place(geom, [x, y, z], [rx, ry, rz] = [0, 0, 0]) {
  const m = new Matrix4().compose(new Vector3(x, y, z + BACK), new Quaternion().setFromEuler(new Euler(rx, ry, rz)), new Vector3(1, 1, 1));
  return geom.applyMatrix4(m);
}

/** Write a .glb with one mesh whose primitives are [{name, colour [r,g,b], geometry}]. */
function writeGlb(path, parts, { metalness = 0.1, roughness = 0.7 } = {}) {
  const chunks = [];
  let offset = 0;
  const bufferViews = [];
  const accessors = [];
  const add = (typed, target, meta) => {
    const bytes = Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
    const pad = (4 - (offset % 4)) % 4;
    if (pad) { chunks.push(Buffer.alloc(pad)); offset += pad; }
    bufferViews.push({ buffer: 0, byteOffset: offset, byteLength: bytes.length, target });
    chunks.push(bytes);
    offset += bytes.length;
    accessors.push({ bufferView: bufferViews.length - 1, ...meta });
    return accessors.length - 1;
  };
  const materials = [];
  const primitives = [];
  for (const p of parts) {
    const g = mergeGeometries(p.geometries.map((x) => x.toNonIndexed()), false);
    g.computeVertexNormals();
    g.computeBoundingBox();
    const pos = g.getAttribute('position').array;
    const nor = g.getAttribute('normal').array;
    const n = pos.length / 3;
    const bb = g.boundingBox;
    const posA = add(new Float32Array(pos), 34962, { componentType: 5126, count: n, type: 'VEC3', min: bb.min.toArray(), max: bb.max.toArray() });
    const norA = add(new Float32Array(nor), 34962, { componentType: 5126, count: n, type: 'VEC3' });
    materials.push({ name: p.name, pbrMetallicRoughness: { baseColorFactor: [...p.colour, 1], metallicFactor: metalness, roughnessFactor: roughness } });
    primitives.push({ attributes: { POSITION: posA, NORMAL: norA }, material: materials.length - 1 });
  }
  let bin = Buffer.concat(chunks);
  bin = Buffer.concat([bin, Buffer.alloc((4 - (bin.length % 4)) % 4)]);
  const gltf = {
    asset: { version: '2.0', generator: 'resilience client/tools/make-assets.mjs' },
    scene: 0, scenes: [{ nodes: [0] }], nodes: [{ mesh: 0, name: 'prop' }],
    meshes: [{ primitives }], materials, accessors, bufferViews, buffers: [{ byteLength: bin.length }],
  };
  let json = Buffer.from(JSON.stringify(gltf), 'utf8');
  json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, 0x20)]);
  const head = Buffer.alloc(12);
  head.writeUInt32LE(0x46546c67, 0); head.writeUInt32LE(2, 4); head.writeUInt32LE(12 + 8 + json.length + 8 + bin.length, 8);
  const ch = (len, type) => { const b = Buffer.alloc(8); b.writeUInt32LE(len, 0); b.writeUInt32LE(type, 4); return b; };
  writeFileSync(path, Buffer.concat([head, ch(json.length, 0x4e4f534a), json, ch(bin.length, 0x004e4942), bin]));
}

// sRGB → linear for glTF base colours.
const lin = (hex) => [0, 2, 4].map((i) => { const c = parseInt(hex.slice(1 + i, 3 + i), 16) / 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });

// A 16-station rotary tablet press, about 0.9 × 1.55 × 0.7 m, standing behind its origin
// (z from −0.75 to −0.05 m) so that instruments placed at the origin sit on its front.
const BACK = -0.4;
const frame = [
  place(new BoxGeometry(0.9, 0.8, 0.7), [0, 0.4, 0]), // base cabinet
  place(new BoxGeometry(0.9, 0.3, 0.7), [0, 1.2, 0]), // upper head
  ...[[-0.4, -0.3], [0.4, -0.3], [-0.4, 0.3], [0.4, 0.3]].map(([x, z]) => place(new CylinderGeometry(0.03, 0.03, 0.25, 12), [x, 0.925, z])),
  place(new BoxGeometry(0.12, 0.04, 0.3), [0.36, 0.86, 0.42], [0.35, 0, 0]), // discharge chute
];
const steel = [place(new CylinderGeometry(0.3, 0.3, 0.1, 32), [0, 0.87, 0])]; // turret
for (let k = 0; k < 16; k += 1) {
  const a = (k / 16) * Math.PI * 2;
  steel.push(place(new CylinderGeometry(0.014, 0.014, 0.12, 8), [0.25 * Math.cos(a), 0.98, 0.25 * Math.sin(a)]));
}
const hopper = [
  place(new CylinderGeometry(0.18, 0.05, 0.22, 24), [0, 1.46, 0]),
  place(new CylinderGeometry(0.05, 0.05, 0.12, 16), [0, 1.3, 0]),
];
writeGlb(join(here, '..', 'assets', 'tablet_press.glb'), [
  { name: 'frame', colour: lin('#999999'), geometries: frame },
  { name: 'steel', colour: lin('#D9DDE1'), geometries: steel },
  { name: 'hopper', colour: lin('#56B4E9'), geometries: hopper },
]);
console.log('wrote assets/tablet_press.glb');
