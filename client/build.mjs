// Build the client into src/resilience/static/client/ (git-ignored output served at
// /static/client/): app.js (production bundle), emulate.js (test-only IWER), app.css,
// assets/ (glTF props and the controller profiles three.js needs) and manifest.json.
// `node build.mjs` builds once; `--watch` rebuilds on change (unminified).
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'src', 'resilience', 'static', 'client');
const watch = process.argv.includes('--watch');
const BUDGET_GZIP = 250 * 1024; // first-load JS + CSS (docs/client.md, DESIGN.md budgets)
// Controller profiles three.js may ask for (Quest 3/Pro, Quest 2, Pico 4) and the fallback.
const PROFILES = ['generic-trigger', 'meta-quest-touch-plus', 'oculus-touch-v3', 'pico-4'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = {
  bundle: true, format: 'esm', target: ['chrome100', 'firefox100', 'safari15'],
  minify: !watch, sourcemap: 'linked', legalComments: 'eof', logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};
const builds = [
  { ...common, entryPoints: [join(here, 'src', 'main.js')], outfile: join(out, 'app.js'), metafile: true },
  { ...common, entryPoints: [join(here, 'src', 'emulate.js')], outfile: join(out, 'emulate.js') },
  { ...common, entryPoints: [join(here, 'src', 'app.css')], outfile: join(out, 'app.css') },
];

/**
 * Rewrite a .glb so that its embedded images become sibling files referenced by URI.
 * GLTFLoader loads embedded images through blob: URLs, which the site's Content Security
 * Policy (connect-src/img-src 'self') refuses; same-origin files load fine.
 */
function externaliseImages(src, dst) {
  const buf = readFileSync(src);
  const jsonLen = buf.readUInt32LE(12);
  const json = JSON.parse(buf.subarray(20, 20 + jsonLen).toString('utf8'));
  const binStart = 20 + jsonLen + 8;
  const bin = buf.subarray(binStart, binStart + buf.readUInt32LE(20 + jsonLen));
  const images = json.images || [];
  if (!images.some((im) => im.bufferView !== undefined)) {
    cpSync(src, dst);
    return;
  }
  const base = dst.replace(/\.glb$/, '');
  const imageViews = new Set();
  images.forEach((im, i) => {
    if (im.bufferView === undefined) return;
    const bv = json.bufferViews[im.bufferView];
    const ext = im.mimeType === 'image/png' ? 'png' : 'jpg';
    const name = `${base.split('/').pop()}-${i}.${ext}`;
    writeFileSync(join(dirname(dst), name), bin.subarray(bv.byteOffset || 0, (bv.byteOffset || 0) + bv.byteLength));
    imageViews.add(im.bufferView);
    delete im.bufferView;
    delete im.mimeType;
    im.uri = name;
  });
  // Compact the binary buffer without the image views and renumber the rest.
  const remap = new Map();
  const views = [];
  const parts = [];
  let offset = 0;
  json.bufferViews.forEach((bv, i) => {
    if (imageViews.has(i)) return;
    const data = bin.subarray(bv.byteOffset || 0, (bv.byteOffset || 0) + bv.byteLength);
    const pad = (4 - (offset % 4)) % 4;
    if (pad) parts.push(Buffer.alloc(pad));
    offset += pad;
    remap.set(i, views.length);
    views.push({ ...bv, byteOffset: offset });
    parts.push(data);
    offset += data.length;
  });
  json.bufferViews = views;
  for (const a of json.accessors || []) if (a.bufferView !== undefined) a.bufferView = remap.get(a.bufferView);
  for (const m of json.meshes || []) for (const p of m.primitives || []) {
    const d = p.extensions?.KHR_draco_mesh_compression;
    if (d) d.bufferView = remap.get(d.bufferView);
  }
  let newBin = Buffer.concat(parts);
  newBin = Buffer.concat([newBin, Buffer.alloc((4 - (newBin.length % 4)) % 4)]);
  json.buffers = [{ byteLength: newBin.length }];
  let jsonBuf = Buffer.from(JSON.stringify(json), 'utf8');
  jsonBuf = Buffer.concat([jsonBuf, Buffer.alloc((4 - (jsonBuf.length % 4)) % 4, 0x20)]);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + 8 + jsonBuf.length + 8 + newBin.length, 8);
  const chunk = (len, type) => { const b = Buffer.alloc(8); b.writeUInt32LE(len, 0); b.writeUInt32LE(type, 4); return b; };
  writeFileSync(dst, Buffer.concat([header, chunk(jsonBuf.length, 0x4e4f534a), jsonBuf, chunk(newBin.length, 0x004e4942), newBin]));
}

function copyAssets() {
  const assets = join(out, 'assets');
  mkdirSync(assets, { recursive: true });
  const own = join(here, 'assets');
  if (existsSync(own)) cpSync(own, assets, { recursive: true });
  const src = join(here, 'node_modules', '@webxr-input-profiles', 'assets', 'dist', 'profiles');
  const dst = join(assets, 'input-profiles');
  mkdirSync(dst, { recursive: true });
  const list = {};
  for (const p of PROFILES) {
    mkdirSync(join(dst, p), { recursive: true });
    for (const f of readdirSync(join(src, p))) {
      if (f === 'none.glb') continue; // hands-free layout: never requested for controllers
      if (f.endsWith('.glb')) externaliseImages(join(src, p, f), join(dst, p, f));
      else cpSync(join(src, p, f), join(dst, p, f));
    }
    list[p] = { path: `${p}/profile.json` };
  }
  writeFileSync(join(dst, 'profilesList.json'), JSON.stringify(list, null, 1));
}

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function writeManifest() {
  const files = {};
  for (const p of walk(out).sort()) {
    const rel = relative(out, p).split('\\').join('/');
    if (rel === 'manifest.json') continue;
    const buf = readFileSync(p);
    files[rel] = { bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  }
  const firstLoad = ['app.js', 'app.css'];
  const gz = firstLoad.reduce((s, f) => s + files[f].gzip, 0);
  const raw = firstLoad.reduce((s, f) => s + files[f].bytes, 0);
  const manifest = {
    built: new Date().toISOString(), minified: !watch,
    first_load: { files: firstLoad, bytes: raw, gzip: gz, budget_gzip: BUDGET_GZIP },
    files,
  };
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
  copyAssets();
  console.log(`watching; output in ${relative(process.cwd(), out)}`);
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  copyAssets();
  const m = writeManifest();
  writeFileSync(join(here, 'meta.json'), JSON.stringify(results[0].metafile));
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`app.js ${kb(m.files['app.js'].bytes)} (${kb(m.files['app.js'].gzip)} gzip); `
    + `app.css ${kb(m.files['app.css'].gzip)} gzip; emulate.js ${kb(m.files['emulate.js'].gzip)} gzip (test only)`);
  if (!m.minified || m.first_load.gzip > BUDGET_GZIP) {
    console.error(`first-load JS+CSS is ${kb(m.first_load.gzip)} gzip, over the ${kb(BUDGET_GZIP)} budget`);
    process.exit(1);
  }
}
