// The accessible view: the same scene as real HTML controls (buttons, range and number
// inputs, target lists, tables), updated in place from the store so focus is never lost.
// It needs no WebGL, and a whole scenario can be run from it by keyboard or screen reader.
import { h, uid } from './dom.js';
import { t, formatNumber } from './strings.js';

const INSTRUMENTS = new Set(['gauge', 'chart', 'panel', 'label']);
const TABLE_ROWS = 10;

function signature(n) {
  return JSON.stringify([n.primitive, n.affordances || [], n.visible !== false]);
}

function stateText(n) {
  const bits = [];
  if (n.text) bits.push(n.text);
  else if (Number.isFinite(n.value)) bits.push(`${formatNumber(n.value)} ${n.unit || ''}`.trim());
  return bits.join('; ');
}

class AccessibleView {
  /**
   * @param {HTMLElement} container
   * @param {import('./store.js').SceneStore} store
   * @param {import('./actor.js').Actor} actor
   * @param {(text: string, urgent?: boolean) => void} announce
   */
  constructor(container, store, actor, announce) {
    this.store = store;
    this.actor = actor;
    this.announce = announce;
    this.items = new Map(); // id → {el, sig, update}
    const hId = uid('a11y');
    this.instruction = h('p.rs-instruction', { id: uid('instr') });
    this.progress = h('p.rs-progress');
    this.holding = h('p.rs-holding', { hidden: true });
    this.usable = h('ul.rs-list', { 'aria-label': t('interactables') });
    this.usableHeading = h('h3', { text: t('interactables'), tabindex: '-1' });
    this.readings = h('ul.rs-list', { 'aria-label': t('instruments') });
    this.others = h('ul.rs-list.rs-others', { 'aria-label': t('everythingElse') });
    this.empty = h('p', { text: t('noInteractables'), hidden: true });
    this.el = h('section.rs-a11y', { 'aria-labelledby': hId }, [
      h('h2', { id: hId, text: t('viewAccessible') }),
      h('h3', { text: t('instruction') }), this.instruction, this.progress, this.holding,
      this.usableHeading, this.empty, this.usable,
      h('h3', { text: t('instruments') }), this.readings,
      h('details.rs-details', {}, [h('summary', { text: t('everythingElse') }), this.others]),
    ]);
    container.appendChild(this.el);
    store.subscribe((c) => this._on(c));
  }

  _on(c) {
    if (c.kind === 'scene' || c.kind === 'patch') {
      this._render(c.full ? null : c.ids, c.full ? null : c.removed);
    }
    if (c.kind === 'holding' || c.kind === 'action') this._render(null, null);
  }

  _render(ids, removed) {
    const s = this.store.scene;
    if (!s) return;
    this.instruction.textContent = s.caption || '';
    this.progress.textContent = s.status ? `${t('statusLine')}: ${s.status}` : '';
    const held = this.store.holding;
    this.holding.hidden = !held;
    if (held) this.holding.textContent = t('holding', { label: this.store.node(held.node)?.label || held.node });
    const active = document.activeElement;
    const focusedItem = active && this.el.contains(active) ? active.closest('li[data-node]') : null;
    const focusedId = focusedItem?.dataset.node;
    const focusedKey = active?.dataset?.key;
    let lostFocus = false;
    const all = Object.values(s.nodes);
    const wanted = new Set();
    for (const n of all) {
      wanted.add(n.id);
      const item = this.items.get(n.id);
      const sig = signature(n) + (held && held.node === n.id ? '|held' : '') + (held ? '|holding' : '');
      if (!item || item.sig !== sig) {
        if (item) {
          if (item.el.contains(active)) lostFocus = true;
          item.el.remove();
        }
        this.items.set(n.id, this._build(n, sig));
      } else if (!ids || ids.includes(n.id)) {
        item.update(n);
      }
    }
    for (const [id, item] of this.items) {
      if (!wanted.has(id)) {
        if (item.el.contains(active)) lostFocus = true;
        item.el.remove();
        this.items.delete(id);
      }
    }
    // Keep each list in scene order, moving as few elements as possible.
    const cursor = new Map([[this.usable, this.usable.firstElementChild],
      [this.readings, this.readings.firstElementChild], [this.others, this.others.firstElementChild]]);
    for (const n of all) {
      const item = this.items.get(n.id);
      const ref = cursor.get(item.list);
      if (item.el === ref) cursor.set(item.list, ref.nextElementSibling);
      else item.list.insertBefore(item.el, ref);
    }
    // Moving a focused element blurs it: give focus back.
    if (!lostFocus && active && active !== document.activeElement && active.isConnected) active.focus();
    this.empty.hidden = this.usable.children.length > 0;
    if (lostFocus) this._restoreFocus(focusedId, focusedKey);
  }

  _restoreFocus(id, key) {
    const item = id && this.items.get(id);
    const same = item && (item.el.querySelector(`[data-key="${key}"]`) || item.el.querySelector('button, input, select'));
    const target = same || this.usable.querySelector('button, input, select') || this.usableHeading;
    target.focus();
  }

  _build(n, sig) {
    const usable = n.visible !== false && n.affordances && n.affordances.length;
    const list = usable ? this.usable : INSTRUMENTS.has(n.primitive) ? this.readings : this.others;
    const headId = uid('node');
    const state = h('span.rs-state');
    const li = h('li.rs-item', { 'data-node': n.id, 'aria-labelledby': headId }, [
      h('span.rs-label', { id: headId, text: n.label }), ' ', state,
    ]);
    const updaters = [(m) => {
      state.textContent = stateText(m);
      li.hidden = m.visible === false;
      li.dataset.colour = m.colour;
    }];
    if (usable) {
      const controls = h('div.rs-controls');
      li.appendChild(controls);
      for (const a of n.affordances) this._controlsFor(n, a, controls, updaters);
    }
    if (n.primitive === 'gauge' && (n.limits || []).length) {
      const lim = h('span.rs-limits');
      li.appendChild(lim);
      updaters.push((m) => { lim.textContent = t('limits', { limits: (m.limits || []).map((x) => `${formatNumber(x)} ${m.unit || ''}`.trim()).join(', ') }); });
    }
    if (n.primitive === 'chart') this._chartTable(n, li, updaters);
    const update = (m) => updaters.forEach((fn) => fn(m));
    update(n);
    return { el: li, sig, list, update };
  }

  _controlsFor(n, a, box, updaters) {
    const id = n.id;
    const label = n.label;
    const held = this.store.holding;
    const button = (text, hidden, onclick, key) => h('button.rs-button', { type: 'button', 'data-key': key, onclick }, [text, h('span.rs-vh', { text: ` ${hidden}` })]);
    if (a.kind === 'press') {
      box.appendChild(button(t('press'), label, () => {
        if (this.actor.press(id)) this.announce(t('actionSent', { what: t('pressNamed', { label }) }));
      }, 'press'));
    } else if (a.kind === 'dial' || a.kind === 'slider') {
      const unit = a.unit || n.unit || '';
      const rid = uid('range');
      const nid = uid('num');
      const range = h('input.rs-range', { type: 'range', id: rid, min: String(a.min), max: String(a.max), step: String(a.step || 'any'), 'data-key': 'range' });
      const num = h('input.rs-number', { type: 'number', id: nid, min: String(a.min), max: String(a.max), step: String(a.step || 'any'), inputmode: 'decimal', 'data-key': 'number' });
      const set = (v) => {
        if (!Number.isFinite(v)) return;
        if (this.actor.set(id, v)) this.announce(t('actionSent', { what: `${label} ${formatNumber(v)} ${unit}` }));
      };
      range.addEventListener('change', () => set(Number(range.value)));
      range.addEventListener('input', () => { num.value = range.value; });
      num.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); set(Number(num.value)); } });
      const hint = h('span.rs-hint', { text: t('range', { min: formatNumber(a.min), max: formatNumber(a.max), unit }) });
      box.append(
        h('label.rs-field', { for: rid }, [`${t('setNamed', { label })}${unit ? ` (${unit})` : ''}`]), range,
        h('label.rs-vh', { for: nid, text: `${label}: ${t('value')}${unit ? ` (${unit})` : ''}` }), num,
        button(t('setValue'), label, () => set(Number(num.value)), 'set'), hint,
      );
      updaters.push((m) => {
        if (!Number.isFinite(m.value)) return;
        if (document.activeElement !== range) range.value = String(m.value);
        if (document.activeElement !== num) num.value = String(m.value);
        range.setAttribute('aria-valuetext', `${m.text || `${formatNumber(m.value)} ${unit}`}`);
      });
    } else if (a.kind === 'grab') {
      if (held && held.node === id) return;
      const opts = a.options && a.options.length ? a.options : [null];
      for (const o of opts) {
        const text = o ? t('grabBy', { option: o.replace(/_/g, ' ') }) : t('grab');
        box.appendChild(button(text, o ? `(${label})` : label, () => {
          if (this.actor.grab(id, o)) {
            this.announce(`${t('holding', { label })}. ${t('chooseTarget', { label })}`);
            requestAnimationFrame(() => this.items.get(id)?.el.querySelector('select')?.focus());
          }
        }, `grab-${o}`));
      }
    } else if (a.kind === 'place') {
      if (!held || held.node !== id) return;
      const sid = uid('targets');
      const select = h('select.rs-select', { id: sid, 'data-key': 'targets' },
        this.actor.placeTargets(id).map((x) => h('option', { value: x.id, text: x.label })));
      box.append(
        h('label.rs-field', { for: sid, text: t('placeNamed', { label }) }), select,
        button(t('place'), `${label}`, () => {
          const target = select.value;
          const tl = this.store.node(target)?.label || target;
          if (this.actor.place(id, target)) this.announce(t('actionSent', { what: t('placeOn', { target: tl }) }));
        }, 'place'),
        button(t('putBack'), label, () => this.actor.release(), 'release'),
      );
    } else if (a.kind === 'zone') {
      box.append(
        button(t('enter'), label, () => { if (this.actor.enter(id)) this.announce(t('actionSent', { what: t('enterNamed', { label }) })); }, 'enter'),
        button(t('leave'), label, () => { if (this.actor.leave(id)) this.announce(t('actionSent', { what: t('leaveNamed', { label }) })); }, 'leave'),
      );
    }
  }

  _chartTable(n, li, updaters) {
    const caption = h('caption', { text: t('chartTable', { label: n.label }) });
    const thead = h('thead');
    const tbody = h('tbody');
    const table = h('table.rs-table', {}, [caption, thead, tbody]);
    li.appendChild(h('details.rs-details', {}, [h('summary', { text: t('chartTable', { label: n.label }) }), table]));
    updaters.push((m) => {
      const series = m.series || [];
      const len = Math.max(0, ...series.map((s) => s.length));
      thead.replaceChildren(h('tr', {}, [h('th', { scope: 'col', text: t('chartSample') }),
        ...series.map((_, i) => h('th', { scope: 'col', text: series.length > 1 ? t('lineN', { n: i + 1 }) : `${m.label}${m.unit ? ` (${m.unit})` : ''}` }))]));
      const rows = [];
      for (let k = Math.max(0, len - TABLE_ROWS); k < len; k += 1) {
        rows.push(h('tr', {}, [h('th', { scope: 'row', text: String(k + 1) }),
          ...series.map((s) => h('td', { text: Number.isFinite(s[k]) ? formatNumber(s[k]) : '' }))]));
      }
      if (!rows.length) rows.push(h('tr', {}, [h('td', { colspan: String(series.length + 1), text: t('chartNoData') })]));
      tbody.replaceChildren(...rows);
    });
  }
}

export { AccessibleView };
