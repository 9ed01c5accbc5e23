// Scene protocol v1 (docs/protocol.md): checks what the server sends and builds what the
// client sends. Unknown message types are ignored; malformed known ones are rejected.

const PROTOCOL_VERSION = 1;

const PRIMITIVES = new Set(['box', 'cylinder', 'sphere', 'plane', 'gauge', 'dial', 'slider',
  'button', 'panel', 'chart', 'zone', 'label', 'asset']);
const COLOURS = new Set(['black', 'orange', 'sky_blue', 'bluish_green', 'yellow', 'blue',
  'vermillion', 'reddish_purple', 'grey', 'white']);
const NODE_FIELDS = new Set(['id', 'primitive', 'label', 'position', 'rotation', 'scale',
  'colour', 'text', 'value', 'unit', 'affordances', 'series', 'limits', 'asset', 'parent',
  'visible']);
const STATUSES = new Set(['waiting', 'running', 'paused', 'ended']);
const VERBS = new Set(['press', 'grab', 'place', 'set', 'enter', 'leave']);

const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
const isStr = (x) => typeof x === 'string';
const isVec3 = (x) => Array.isArray(x) && x.length === 3 && x.every(isNum);

/** Return an error string for a full node, or '' when it is valid. */
function nodeProblem(n) {
  if (!isObj(n)) return 'node is not an object';
  if (!isStr(n.id) || !n.id) return 'node without id';
  if (!PRIMITIVES.has(n.primitive)) return `node ${n.id}: unknown primitive ${n.primitive}`;
  if (!isStr(n.label)) return `node ${n.id}: no label`;
  if (!isVec3(n.position)) return `node ${n.id}: bad position`;
  if (!COLOURS.has(n.colour)) return `node ${n.id}: unknown colour ${n.colour}`;
  return deltaProblem(n);
}

/** Return an error string for a node delta (changed fields), or ''. */
function deltaProblem(d) {
  if (!isObj(d)) return 'delta is not an object';
  for (const k of Object.keys(d)) {
    if (!NODE_FIELDS.has(k)) return `unknown node field ${k}`;
    const v = d[k];
    if (v === null) continue;
    if ((k === 'position' || k === 'rotation' || k === 'scale') && !isVec3(v)) return `bad ${k}`;
    if (k === 'value' && !isNum(v)) return 'bad value';
    if ((k === 'label' || k === 'text' || k === 'unit') && !isStr(v)) return `bad ${k}`;
    if (k === 'colour' && !COLOURS.has(v)) return `unknown colour ${v}`;
    if (k === 'primitive' && !PRIMITIVES.has(v)) return `unknown primitive ${v}`;
    if (k === 'affordances' && !(Array.isArray(v) && v.every((a) => isObj(a) && isStr(a.kind)))) {
      return 'bad affordances';
    }
    if (k === 'series' && !(Array.isArray(v) && v.every((s) => Array.isArray(s)))) return 'bad series';
    if (k === 'limits' && !(Array.isArray(v) && v.every(isNum))) return 'bad limits';
    if (k === 'visible' && typeof v !== 'boolean') return 'bad visible';
  }
  return '';
}

/**
 * Check a parsed server message.
 * @returns {{ok: boolean, known: boolean, reason: string}} `known` is false for a message
 *   this client does not understand (to be ignored); `ok` false for a malformed known one.
 */
function checkServerMessage(m) {
  const bad = (reason) => ({ ok: false, known: true, reason });
  if (!isObj(m) || !isStr(m.type)) return { ok: false, known: false, reason: 'no type' };
  if (m.v !== PROTOCOL_VERSION) return { ok: false, known: false, reason: `version ${m.v}` };
  switch (m.type) {
    case 'welcome':
      if (!isObj(m.session) || !isStr(m.session.code)) return bad('welcome without session');
      if (!isObj(m.participant)) return bad('welcome without participant');
      break;
    case 'scene': {
      if (!Number.isInteger(m.seq) || m.seq < 1) return bad('scene without seq');
      const s = m.scene;
      if (!isObj(s) || s.v !== PROTOCOL_VERSION || !isObj(s.nodes)) return bad('bad scene');
      for (const [id, n] of Object.entries(s.nodes)) {
        const p = nodeProblem(n);
        if (p) return bad(p);
        if (n.id !== id) return bad(`node key ${id} does not match id ${n.id}`);
      }
      break;
    }
    case 'patch':
      if (!Number.isInteger(m.seq) || m.seq < 1) return bad('patch without seq');
      if (m.nodes !== undefined) {
        if (!isObj(m.nodes)) return bad('bad patch nodes');
        for (const d of Object.values(m.nodes)) {
          const p = deltaProblem(d);
          if (p) return bad(p);
        }
      }
      if (m.removed !== undefined && !(Array.isArray(m.removed) && m.removed.every(isStr))) {
        return bad('bad removed');
      }
      break;
    case 'caption':
      if (!isStr(m.kind) || !isStr(m.text)) return bad('caption without kind or text');
      break;
    case 'result':
      if (!isObj(m.assessment) || !isNum(m.assessment.score)) return bad('result without assessment');
      break;
    case 'status':
      if (!STATUSES.has(m.status)) return bad('unknown status');
      break;
    case 'error':
      if (!isStr(m.error)) return bad('error without text');
      break;
    case 'pong':
      break;
    default:
      return { ok: false, known: false, reason: `unknown type ${m.type}` };
  }
  return { ok: true, known: true, reason: '' };
}

/** Parse a text frame; returns the message or null (with a console warning). */
function parseServerFrame(text) {
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    console.warn('[resilience] ignored a frame that is not JSON');
    return null;
  }
  const c = checkServerMessage(m);
  if (!c.ok) {
    if (c.known) console.warn(`[resilience] ignored a malformed ${m.type}: ${c.reason}`);
    return null;
  }
  return m;
}

let _actionId = 0;

function actionMessage(node, verb, value = null) {
  if (!VERBS.has(verb)) throw new Error(`unknown verb ${verb}`);
  _actionId += 1;
  return { type: 'action', v: PROTOCOL_VERSION, node, verb, value: value ?? null, id: _actionId };
}

const round3 = (v) => v.map((x) => Math.round(x * 1000) / 1000);

function poseMessage(t, head, left = null, right = null) {
  return { type: 'pose', v: PROTOCOL_VERSION, t: Math.round(t * 1000) / 1000, head: round3(head),
    left: left ? round3(left) : null, right: right ? round3(right) : null };
}

const pingMessage = (t) => ({ type: 'ping', v: PROTOCOL_VERSION, t });
const resyncMessage = () => ({ type: 'resync', v: PROTOCOL_VERSION });
const finishMessage = () => ({ type: 'finish', v: PROTOCOL_VERSION });

export {
  PROTOCOL_VERSION, PRIMITIVES, COLOURS, VERBS, checkServerMessage, parseServerFrame,
  nodeProblem, actionMessage, poseMessage, pingMessage, resyncMessage, finishMessage,
};
