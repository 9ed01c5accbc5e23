// Start the 3D view, the desktop/touch rig and the VR rig, and wire them to the shell.
import { SceneView } from './view3d.js';
import { Interactor } from './interaction.js';
import { DesktopRig } from './desktop.js';
import { XRRig } from './xr.js';
import { t } from './strings.js';

const here = (p) => new URL(p, import.meta.url).href;

async function start3d({ store, actor, shell, announce, api, connection }) {
  const view = new SceneView(shell.stage, store, { assetBase: here('./assets/') });
  const canvas = view.renderer.domElement;
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-label', t('canvasLabel'));
  const interactor = new Interactor(store, actor, view, announce);
  const onPose = (head, left, right) => connection.offerPose(head, left, right);
  const desktop = new DesktopRig(view, interactor, store, {
    announce, tooltip: shell.tooltip, onHelp: () => shell.toggleHelp(), onPose,
  });
  const xr = new XRRig(view, interactor, store, {
    profilesPath: here('./assets/input-profiles').replace(/\/$/, ''),
    announce, onPose, desktop,
    onSessionChange: (on) => {
      shell.vrButton.textContent = on ? t('exitVr') : t('enterVr');
      shell.root.dataset.xr = on ? '1' : '0';
    },
  });
  shell.onViewChange = (mode) => {
    view.paused = mode === 'a11y';
    if (!view.paused) view.resize();
  };

  // Frame statistics for tests and the benchmark: renderer.info of the last frame drawn.
  const stats = { last: null, xrFrames: 0, maxCalls: 0, maxTriangles: 0 };
  view.onFrame.push(() => {
    const r = view.renderer.info.render;
    if (r.frame === 0) return;
    const presenting = view.renderer.xr.isPresenting;
    stats.last = { calls: r.calls, triangles: r.triangles, xr: presenting };
    if (presenting) {
      stats.xrFrames += 1;
      stats.maxCalls = Math.max(stats.maxCalls, r.calls);
      stats.maxTriangles = Math.max(stats.maxTriangles, r.triangles);
    }
  });

  Object.assign(api, { renderer: view.renderer, scene: view.scene, camera: view.camera, view, interactor, desktop, xr, frameStats: stats });

  // VR: feature detection, also after the test-only emulator installs itself.
  const detect = async () => {
    const ok = window.isSecureContext && (await XRRig.supported());
    shell.vrButton.hidden = !ok;
    shell.seatedButton.hidden = !ok;
    if (!ok && 'xr' in navigator && !window.isSecureContext) {
      shell.vrNote.hidden = false;
      shell.vrNote.textContent = t('vrNeedsHttps');
    }
    return ok;
  };
  if (window.__iwerReady) await window.__iwerReady.catch(() => {});
  window.addEventListener('resilience:xr-emulated', detect);
  await detect();
  shell.vrButton.addEventListener('click', () => {
    xr.enter().catch((err) => shell.showError(`${t('vrNotSupported')} (${err.message})`));
  });
  shell.seatedButton.addEventListener('click', () => {
    const seated = !xr.seated;
    xr.setSeated(seated);
    shell.seatedButton.setAttribute('aria-pressed', String(seated));
  });
  return { view, interactor, desktop, xr };
}

export { start3d };
