// Node's own test runner: `npm test`. The Python side checks the same fixtures against
// resilience.sim.scene.apply_patch (tests/browser/test_client_store.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyPatch } from '../src/store.js';
import { checkServerMessage } from '../src/protocol.js';

test('applyPatch replays recorded patches like Python', () => {
  const fixture = process.env.PATCH_FIXTURE;
  if (!fixture) return;
  const { scene, patches, expected } = JSON.parse(readFileSync(fixture, 'utf8'));
  let s = scene;
  for (const p of patches) {
    assert.ok(checkServerMessage(p).ok);
    s = applyPatch(s, p);
  }
  assert.deepEqual(s, expected);
  assert.deepEqual(Object.keys(s.nodes), Object.keys(expected.nodes));
});

test('a null field removes it, a new id adds a node, removed deletes', () => {
  const scene = { v: 1, scenario: 'x', t: 0, caption: 'a', status: '', nodes: {
    a: { id: 'a', primitive: 'box', label: 'A', position: [0, 0, 0], colour: 'grey', text: 'hi' } } };
  const out = applyPatch(scene, { type: 'patch', v: 1, seq: 2, t: 1, caption: 'b',
    nodes: { a: { text: null, colour: 'blue' },
      b: { id: 'b', primitive: 'box', label: 'B', position: [1, 0, 0], colour: 'grey' } } });
  assert.equal(out.nodes.a.text, undefined);
  assert.equal(out.nodes.a.colour, 'blue');
  assert.equal(out.nodes.b.label, 'B');
  assert.equal(out.caption, 'b');
  assert.equal(scene.nodes.a.text, 'hi', 'input unchanged');
  const out2 = applyPatch(out, { type: 'patch', v: 1, seq: 3, t: 2, removed: ['a'] });
  assert.deepEqual(Object.keys(out2.nodes), ['b']);
});

test('unknown types and versions are ignored, malformed ones rejected', () => {
  assert.equal(checkServerMessage({ type: 'nonsense', v: 1 }).known, false);
  assert.equal(checkServerMessage({ type: 'patch', v: 2, seq: 1 }).known, false);
  const bad = checkServerMessage({ type: 'patch', v: 1, seq: 0 });
  assert.equal(bad.ok, false);
  assert.equal(bad.known, true);
  assert.equal(checkServerMessage({ type: 'patch', v: 1, seq: 3, t: 0, nodes: { a: { bogus: 1 } } }).ok, false);
});
