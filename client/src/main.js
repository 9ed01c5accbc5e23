// Entry point: mount the client on #resilience-app (see docs/client.md for the page contract).
import { SceneStore } from './store.js';
import { Connection, socketUrl } from './connection.js';
import { Actor } from './actor.js';
import { AppShell } from './shell.js';
import { AccessibleView } from './a11yview.js';
import { t } from './strings.js';

/**
 * Mount the client.
 * @param {HTMLElement} root element carrying data-ws, data-title, data-mode, data-lang
 * @param {{webgl?: boolean}} options webgl: false forces the accessible view only
 */
async function mount(root, options = {}) {
  const ds = root.dataset;
  const store = new SceneStore();
  const shell = new AppShell(root, store, { title: ds.title });
  if (ds.lang) root.lang = ds.lang;
  const connection = new Connection(socketUrl(ds.ws || '/ws/live/'), store);
  const actor = new Actor(store, connection);
  const announce = (text, urgent) => shell.announce(text, urgent);
  const a11y = new AccessibleView(shell.a11yBox, store, actor, announce);
  shell.onFinish = () => actor.finish();
  // When the scenario says the run is over, ask for the result at once.
  store.subscribe((c) => {
    if (c.kind === 'caption' && c.caption.kind === 'done' && !store.result) actor.finish();
  });
  const api = { store, connection, actor, shell, a11y, version: 1 };
  Object.defineProperty(api, 'lastAction', { get: () => store.lastAction });
  window.__resilience = api;

  const params = new URLSearchParams(window.location.search);
  const { webglAvailable } = await import('./view3d.js');
  const has3d = options.webgl !== false && params.get('webgl') !== '0' && webglAvailable();
  let started = false;
  if (has3d) {
    try {
      const { start3d } = await import('./start3d.js');
      await start3d({ root, store, actor, shell, announce, api, connection });
      started = true;
    } catch (err) {
      // A GPU that refuses a context after all: the accessible view still runs everything.
      console.error('[resilience] the 3D view could not start', err);
      shell.stage.replaceChildren(shell.tooltip, shell.overlay);
    }
  }
  if (started) {
    const saved = AppShell.savedView();
    shell.setView(saved === 'a11y' || params.get('view') === 'a11y' ? 'a11y' : '3d', { persist: false });
    shell.viewButton.addEventListener('click', () => shell.setView(shell.mode === 'a11y' ? '3d' : 'a11y'));
  } else {
    shell.viewButton.hidden = true;
    shell.showNotice(t('noWebgl'));
    shell.setView('a11y', { persist: false });
  }
  connection.connect();
  return api;
}

function autoMount() {
  const root = document.getElementById('resilience-app');
  if (root && !root.dataset.mounted) {
    root.dataset.mounted = '1';
    mount(root).catch((err) => {
      console.error('[resilience] the client failed to start', err);
    });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', autoMount);
else autoMount();

export { mount };
