// The page around the views: title, connection and session state, buttons (VR, seated,
// view toggle, help, finish), captions log with live regions, errors and the result.
import { h, uid } from './dom.js';
import { STRINGS, t, formatNumber } from './strings.js';

const URGENT = new Set(['error', 'excursion', 'fault', 'alert']);
const VIEW_KEY = 'resilience.view';
const LOG_MAX = 60;

class AppShell {
  /**
   * @param {HTMLElement} root the #resilience-app element
   * @param {import('./store.js').SceneStore} store
   * @param {{title: string}} opts
   */
  constructor(root, store, { title }) {
    this.root = root;
    this.store = store;
    root.replaceChildren();
    root.classList.add('rs-app');
    const titleId = uid('title');
    this.conn = h('span.rs-pill.rs-conn', { 'data-state': 'connecting', text: t('connConnecting') });
    this.sessionEl = h('span.rs-pill.rs-session', { hidden: true });
    this.progressEl = h('span.rs-progress-pill', { hidden: true });
    this.vrButton = h('button.rs-button.rs-vr', { type: 'button', hidden: true, text: t('enterVr') });
    this.seatedButton = h('button.rs-button', { type: 'button', hidden: true, 'aria-pressed': 'false', text: t('seated') });
    this.viewButton = h('button.rs-button', { type: 'button', text: t('switchToAccessible') });
    this.helpButton = h('button.rs-button', { type: 'button', text: t('help'), 'aria-haspopup': 'dialog' });
    this.finishButton = h('button.rs-button.rs-finish', { type: 'button', text: t('finishRun') });
    this.vrNote = h('span.rs-note', { hidden: true });
    this.header = h('header.rs-bar', {}, [
      h('h2.rs-title', { id: titleId, text: title || t('appName') }),
      h('div.rs-status', { role: 'status' }, [this.conn, this.sessionEl]),
      this.progressEl, // not a live region: it can change many times a second
      h('div.rs-buttons', {}, [this.vrButton, this.vrNote, this.seatedButton, this.viewButton, this.helpButton, this.finishButton]),
    ]);
    this.errorEl = h('p.rs-error', { hidden: true, role: 'alert' });
    this.notice = h('p.rs-notice', { hidden: true });
    this.pausedEl = h('p.rs-notice.rs-paused', { hidden: true });
    this.stage = h('div.rs-stage', { hidden: true });
    this.tooltip = h('div.rs-tooltip', { hidden: true, 'aria-hidden': 'true' });
    this.stage.appendChild(this.tooltip);
    this.overlay = h('div.rs-overlay', { 'aria-hidden': 'true' });
    this.stage.appendChild(this.overlay);
    this.a11yBox = h('div.rs-a11y-box');
    const capId = uid('captions');
    this.log = h('ol.rs-log', { 'aria-label': t('captionsLog'), tabindex: '0' });
    this.captions = h('section.rs-captions', { 'aria-labelledby': capId }, [
      h('h2', { id: capId, text: t('captions') }), this.log,
    ]);
    this.polite = h('div.rs-vh', { 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.assertive = h('div.rs-vh', { 'aria-live': 'assertive', 'aria-atomic': 'true' });
    this.result = h('section.rs-result', { hidden: true, 'aria-labelledby': uid('result') });
    this.help = this._helpDialog();
    root.append(this.header, this.notice, this.pausedEl, this.errorEl,
      h('div.rs-main', {}, [this.stage, this.a11yBox]), this.result, this.captions,
      this.polite, this.assertive, this.help);
    root.setAttribute('aria-labelledby', titleId);

    this.helpButton.addEventListener('click', () => this.toggleHelp());
    let armed = 0;
    this.finishButton.addEventListener('click', () => {
      if (!armed) {
        this.finishButton.textContent = t('finishConfirm');
        armed = setTimeout(() => { armed = 0; this.finishButton.textContent = t('finishRun'); }, 6000);
        this.announce(t('finishConfirm'));
        return;
      }
      clearTimeout(armed);
      armed = 0;
      this.finishButton.textContent = t('finishRun');
      this.onFinish?.();
    });
    store.subscribe((c) => this._on(c));
  }

  _helpDialog() {
    const id = uid('help');
    const close = h('button.rs-button', { type: 'button', text: t('close') });
    const d = h('dialog.rs-help', { 'aria-labelledby': id }, [
      h('h2', { id, text: t('helpTitle') }),
      h('dl', {}, STRINGS.helpItems.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])),
      h('p', { text: t('touchHelp') }), close,
    ]);
    close.addEventListener('click', () => d.close());
    return d;
  }

  toggleHelp() {
    if (this.help.open) this.help.close(); else this.help.showModal();
  }

  /** Say `text` through a live region (assertive when `urgent`). */
  announce(text, urgent = false) {
    const el = urgent ? this.assertive : this.polite;
    el.textContent = '';
    setTimeout(() => { el.textContent = text; }, 30);
  }

  setView(mode, { persist = true } = {}) {
    this.mode = mode;
    const acc = mode === 'a11y';
    this.stage.hidden = acc;
    this.a11yBox.hidden = !acc;
    this.viewButton.textContent = acc ? t('switchTo3d') : t('switchToAccessible');
    this.root.dataset.view = mode;
    if (persist) {
      try { localStorage.setItem(VIEW_KEY, mode); } catch { /* private mode */ }
    }
    this.onViewChange?.(mode);
  }

  static savedView() {
    try { return localStorage.getItem(VIEW_KEY); } catch { return null; }
  }

  showNotice(text) {
    this.notice.textContent = text;
    this.notice.hidden = !text;
  }

  _on(c) {
    const s = this.store;
    if (c.kind === 'connection') {
      const key = { connecting: 'connConnecting', open: 'connOpen', reconnecting: 'connReconnecting', closed: 'connClosed', refused: 'connRefused', forbidden: 'connForbidden' }[s.connection];
      this.conn.textContent = t(key, { seconds: s.reconnectIn || 1 });
      this.conn.dataset.state = s.connection;
      if (s.connection === 'refused' || s.connection === 'forbidden') this.showError(t(key));
      if (s.connection === 'open') this.errorEl.hidden = true;
    } else if (c.kind === 'session') {
      const key = { waiting: 'statusWaiting', running: 'statusRunning', paused: 'statusPaused', ended: 'statusEnded' }[s.sessionStatus];
      this.sessionEl.hidden = false;
      this.sessionEl.textContent = `${t(key)}${s.statusMessage ? ` — ${s.statusMessage}` : ''}`;
      this.sessionEl.dataset.state = s.sessionStatus;
      this.root.dataset.status = s.sessionStatus;
      this.finishButton.disabled = s.sessionStatus === 'ended' || !!s.result;
      const stopped = s.sessionStatus === 'paused' || s.sessionStatus === 'ended';
      this.pausedEl.hidden = !stopped;
      this.pausedEl.textContent = stopped ? `${this.sessionEl.textContent}. ${t(s.sessionStatus === 'paused' ? 'pausedHint' : 'endedHint')}` : '';
      if (stopped) this.announce(this.sessionEl.textContent, true);
    } else if (c.kind === 'caption') {
      const cap = c.caption;
      this._log(cap);
      const words = `${t(`kind.${cap.kind}`)}: ${cap.text}`;
      this.announce(words, URGENT.has(cap.kind));
      if (URGENT.has(cap.kind)) this._flash(words, cap.kind);
    }
    if ((c.kind === 'scene' || (c.kind === 'patch' && c.status)) && s.scene) {
      this.progressEl.hidden = !s.scene.status;
      this.progressEl.textContent = s.scene.status ? `${t('statusLine')}: ${s.scene.status}` : '';
    }
    if (c.kind === 'scene' || (c.kind === 'patch' && c.caption)) {
      if (s.scene.caption && s.scene.caption !== this._lastInstruction) {
        this._lastInstruction = s.scene.caption;
        this._log({ kind: 'caption', text: s.scene.caption, n: -1 });
        this.overlay.textContent = s.scene.caption;
      }
    } else if (c.kind === 'error') {
      this.showError(t('errorFromServer', { error: c.error.error }));
    } else if (c.kind === 'result') {
      this._result(s.result);
      this.finishButton.disabled = true;
    }
  }

  showError(text) {
    this.errorEl.textContent = text;
    this.errorEl.hidden = false;
    clearTimeout(this._errTimer);
    this._errTimer = setTimeout(() => { this.errorEl.hidden = true; }, 12000);
  }

  _flash(text, kind) {
    this.overlay.dataset.kind = kind;
    this.overlay.textContent = text;
  }

  _log(cap) {
    if (this._lastLogged === `${cap.kind}|${cap.text}`) return;
    this._lastLogged = `${cap.kind}|${cap.text}`;
    const li = h('li.rs-log-item', { 'data-kind': cap.kind }, [
      h('strong', { text: `${t(`kind.${cap.kind}`)}: ` }), cap.text,
    ]);
    this.log.prepend(li);
    while (this.log.children.length > LOG_MAX) this.log.lastElementChild.remove();
  }

  _result(a) {
    const hid = this.result.getAttribute('aria-labelledby');
    const mins = Math.floor((a.time_taken_s ?? a.time_s ?? 0) / 60);
    const secs = Math.round((a.time_taken_s ?? a.time_s ?? 0) % 60);
    const list = (title, items) => (items && items.length ? [h('h3', { text: title }), h('ul', {}, items.map((x) => h('li', { text: x })))] : []);
    const heading = h('h2', { id: hid, tabindex: '-1', text: t('resultTitle') });
    this.result.replaceChildren(
      heading,
      h('p.rs-score', { 'data-passed': String(!!a.passed) }, [
        h('strong', { text: t('resultScore', { score: formatNumber(a.score) }) }), ' — ',
        a.passed ? t('resultPassed') : t('resultNotPassed'),
      ]),
      h('p', { text: t('resultTime', { minutes: mins, seconds: secs }) }),
      h('h3', { text: t('resultCriteria') }),
      h('ul.rs-criteria', {}, (a.criteria || []).map((c) => h('li', { 'data-passed': String(!!c.passed) }, [
        h('strong', { text: `${c.title}: ${c.passed ? t('criterionMet') : t('criterionNotMet')}` }), ` — ${c.reason || ''}`,
      ]))),
      ...list(t('resultStrengths'), a.strengths),
      ...list(t('resultImprovements'), a.improvements),
    );
    this.result.hidden = false;
    heading.focus();
    this.announce(`${t('resultTitle')}: ${t('resultScore', { score: a.score })}. ${a.passed ? t('resultPassed') : t('resultNotPassed')}`, true);
  }
}

export { AppShell };
