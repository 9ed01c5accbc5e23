// The WebSocket to the live server: protocol handling, sequence checks, reconnection with
// back-off, keep-alive pings and throttled poses.
import { parseServerFrame, pingMessage, resyncMessage, poseMessage } from './protocol.js';

const PING_MS = 10_000;
const POSE_MIN_MS = 100; // ≤ 10 Hz
const POSE_IDLE_MS = 1000; // a still learner sends one pose a second
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];

/** Absolute ws:// or wss:// URL for a same-origin path such as /ws/live/CODE/. */
function socketUrl(path, loc = window.location) {
  if (/^wss?:\/\//.test(path)) return path;
  const proto = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${loc.host}${path.startsWith('/') ? '' : '/'}${path}`;
}

class Connection {
  /**
   * @param {string} url ws(s) URL
   * @param {import('./store.js').SceneStore} store
   */
  constructor(url, store, { WebSocketImpl = window.WebSocket } = {}) {
    this.url = url;
    this.store = store;
    this.WebSocketImpl = WebSocketImpl;
    this.ws = null;
    this.attempt = 0;
    this.stopped = false;
    this._pingTimer = 0;
    this._retryTimer = 0;
    this._lastPoseAt = -Infinity;
    this._lastPose = null;
    this.rttMs = null;
    this.received = 0;
    this.resyncs = 0;
  }

  connect() {
    this.stopped = false;
    this.store.setConnection(this.attempt ? 'reconnecting' : 'connecting');
    let ws;
    try {
      ws = new this.WebSocketImpl(this.url);
    } catch (err) {
      console.error('[resilience] cannot open the socket', err);
      this._scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.attempt = 0;
      this.store.setConnection('open');
      clearInterval(this._pingTimer);
      this._pingTimer = setInterval(() => this.send(pingMessage(performance.now() / 1000)), PING_MS);
    });
    ws.addEventListener('message', (ev) => this._onFrame(ev.data));
    ws.addEventListener('close', (ev) => {
      clearInterval(this._pingTimer);
      if (this.ws !== ws) return;
      this.ws = null;
      if (ev.code === 4404) return this.store.setConnection('refused');
      if (ev.code === 4403) return this.store.setConnection('forbidden');
      if (this.stopped) return this.store.setConnection('closed');
      this._scheduleRetry();
    });
  }

  _scheduleRetry() {
    const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    const delay = Math.round(base * (0.75 + 0.5 * Math.random()));
    this.attempt += 1;
    this.store.setConnection('reconnecting', Math.ceil(delay / 1000));
    clearTimeout(this._retryTimer);
    this._retryTimer = setTimeout(() => this.connect(), delay);
  }

  close() {
    this.stopped = true;
    clearTimeout(this._retryTimer);
    clearInterval(this._pingTimer);
    if (this.ws) this.ws.close(1000);
  }

  get isOpen() {
    return !!this.ws && this.ws.readyState === 1;
  }

  send(msg) {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  _onFrame(text) {
    const m = parseServerFrame(text);
    if (!m) return;
    this.received += 1;
    const s = this.store;
    switch (m.type) {
      case 'welcome': s.setWelcome(m); break;
      case 'scene': s.setScene(m.seq, m.scene); break;
      case 'patch':
        if (!s.patch(m)) {
          // A gap (or a patch before any scene): ask for the whole scene again.
          this.resyncs += 1;
          this.send(resyncMessage());
        }
        break;
      case 'caption': s.addCaption(m); break;
      case 'result': s.setResult(m.assessment); break;
      case 'status': s.setStatus(m.status, m.message || ''); break;
      case 'error': s.setError(m.error, m.code || ''); break;
      case 'pong':
        if (typeof m.t === 'number') this.rttMs = Math.round(performance.now() - m.t * 1000);
        break;
      default: break;
    }
  }

  /**
   * Offer a pose sample; sent at most 10 times a second, and once a second when still.
   * @param {number[]} head [x, y, z] m
   */
  offerPose(head, left = null, right = null, now = performance.now()) {
    const dt = now - this._lastPoseAt;
    if (dt < POSE_MIN_MS) return false;
    const last = this._lastPose;
    const moved = !last || Math.hypot(head[0] - last[0], head[1] - last[1], head[2] - last[2]) > 0.002
      || !!left || !!right;
    if (!moved && dt < POSE_IDLE_MS) return false;
    if (!this.send(poseMessage(now / 1000, head, left, right))) return false;
    this._lastPoseAt = now;
    this._lastPose = head.slice();
    return true;
  }
}

export { Connection, socketUrl };
