// Text drawn on a canvas for CanvasTexture planes: cards, gauges, charts and menus.
// Every drawing function takes a 2D context and a plain description, so redraws happen only
// when the text or value changed.
import { hexOf, inkOn } from './palette.js';
import { formatNumber } from './strings.js';

const FONT = 'system-ui, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
const INK = '#111111';
const PAPER = '#FFFFFF';

function wrap(ctx, text, maxWidth, maxLines) {
  const words = String(text || '').split(/\s+/).filter(Boolean);
  const lines = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (ctx.measureText(next).width <= maxWidth || !line) {
      line = next;
    } else {
      lines.push(line);
      line = w;
      if (lines.length === maxLines) break;
    }
  }
  if (line && lines.length < maxLines) lines.push(line);
  if (lines.length === maxLines && words.length) {
    const used = lines.join(' ').split(/\s+/).length;
    if (used < words.length) {
      let last = lines[maxLines - 1];
      while (last && ctx.measureText(`${last}…`).width > maxWidth) last = last.slice(0, -1);
      lines[maxLines - 1] = `${last}…`;
    }
  }
  return lines;
}

/** Fit `text` in `maxLines` lines of `maxWidth`, shrinking from `size` to `minSize` px. */
function fitLines(ctx, text, maxWidth, maxLines, size, minSize, weight = '') {
  for (let s = size; s >= minSize; s -= 2) {
    ctx.font = `${weight} ${s}px ${FONT}`;
    const lines = wrap(ctx, text, maxWidth, 99);
    if (lines.length <= maxLines) return { lines, size: s };
  }
  ctx.font = `${weight} ${minSize}px ${FONT}`;
  return { lines: wrap(ctx, text, maxWidth, maxLines), size: minSize };
}

function roundRect(ctx, x, y, w, h, r) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

function background(ctx, w, h, colour) {
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = PAPER;
  roundRect(ctx, 2, 2, w - 4, h - 4, 14);
  ctx.fill();
  ctx.lineWidth = 4;
  ctx.strokeStyle = INK;
  ctx.stroke();
  // Colour stripe on the left: never the only carrier of meaning (the text says it too).
  if (colour) {
    ctx.fillStyle = hexOf(colour);
    ctx.fillRect(8, 8, 14, h - 16);
  }
}

function drawLines(ctx, lines, x, y, size, colour = INK, weight = '') {
  ctx.font = `${weight} ${size}px ${FONT}`;
  ctx.fillStyle = colour;
  ctx.textBaseline = 'top';
  for (const l of lines) {
    ctx.fillText(l, x, y);
    y += size * 1.18;
  }
  return y;
}

/** A label card: title in bold and the state below. */
function drawCard(ctx, w, h, { title, text, colour }) {
  background(ctx, w, h, colour);
  const x = 34;
  const maxW = w - x - 16;
  const hasText = !!text;
  const t = fitLines(ctx, title, maxW, hasText ? 2 : 3, Math.round(h * 0.3), 20, 'bold');
  let y = 12;
  y = drawLines(ctx, t.lines, x, y, t.size, INK, 'bold');
  if (hasText) {
    const room = h - y - 10;
    const b = fitLines(ctx, text, maxW, Math.max(1, Math.floor(room / 26)), Math.min(Math.round(h * 0.24), Math.floor(room)), 18);
    drawLines(ctx, b.lines, x, y + 4, b.size, '#333333');
  }
}

/** A panel: heading and wrapped body text. */
function drawPanel(ctx, w, h, { title, text, colour }) {
  background(ctx, w, h, colour);
  const x = 34;
  const maxW = w - x - 16;
  const t = fitLines(ctx, title, maxW, 2, 40, 22, 'bold');
  const y = drawLines(ctx, t.lines, x, 14, t.size, INK, 'bold');
  const room = h - y - 16;
  const b = fitLines(ctx, text, maxW, Math.max(1, Math.floor(room / 30)), 36, 20);
  drawLines(ctx, b.lines, x, y + 8, b.size, '#222222');
}

/** A gauge: title, value text and a bar with limit marks. */
function drawGauge(ctx, w, h, { title, text, colour, value, limits = [], unit = '' }) {
  background(ctx, w, h, colour);
  const x = 34;
  const maxW = w - x - 16;
  const t = fitLines(ctx, title, maxW, 2, 30, 18, 'bold');
  let y = drawLines(ctx, t.lines, x, 12, t.size, INK, 'bold');
  // Bar: scale 0 … max(limits, value) × 1.25 (a gauge has no stated range).
  const lim = limits.filter(Number.isFinite);
  const v = Number.isFinite(value) ? value : 0;
  const lo = Math.min(0, v, ...lim);
  const hi = Math.max(v, ...lim, 1e-9) * 1.25 || 1;
  const bx = x;
  const bw = maxW;
  const by = h - 60;
  const bh = 26;
  ctx.fillStyle = '#E6E6E6';
  ctx.fillRect(bx, by, bw, bh);
  ctx.fillStyle = hexOf(colour);
  const frac = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
  ctx.fillRect(bx, by, bw * frac, bh);
  ctx.strokeStyle = INK;
  ctx.lineWidth = 2;
  ctx.strokeRect(bx, by, bw, bh);
  ctx.font = `16px ${FONT}`;
  ctx.fillStyle = INK;
  for (const l of lim) {
    const lx = bx + (bw * (l - lo)) / (hi - lo);
    ctx.fillRect(lx - 2, by - 8, 4, bh + 16);
    ctx.textBaseline = 'top';
    const s = formatNumber(l);
    ctx.fillText(s, Math.min(lx - ctx.measureText(s).width / 2, bx + bw - ctx.measureText(s).width), by + bh + 8);
  }
  const room = by - y - 10;
  const b = fitLines(ctx, text || `${formatNumber(v)} ${unit}`, maxW, 2, Math.min(34, room), 16, 'bold');
  drawLines(ctx, b.lines, x, y + 4, b.size, INK, 'bold');
}

const SERIES_COLOURS = ['blue', 'orange', 'bluish_green', 'reddish_purple', 'vermillion'];

/** A small line chart with limit lines, the title and the latest-value text. */
function drawChart(ctx, w, h, { title, text, colour, series = [], limits = [] }) {
  background(ctx, w, h, colour);
  const x = 34;
  const maxW = w - x - 16;
  const t = fitLines(ctx, title, maxW, 1, 28, 16, 'bold');
  let y = drawLines(ctx, t.lines, x, 10, t.size, INK, 'bold');
  const b = fitLines(ctx, text, maxW, 2, 22, 14);
  y = drawLines(ctx, b.lines, x, y + 2, b.size, '#333333');
  const px = x + 60;
  const py = y + 8;
  const pw = w - px - 20;
  const ph = h - py - 16;
  const all = [];
  for (const s of series) for (const v of s) if (Number.isFinite(v)) all.push(v);
  const lim = limits.filter(Number.isFinite);
  let lo = Math.min(...all, ...lim);
  let hi = Math.max(...all, ...lim);
  if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
  if (hi - lo < 1e-9) { hi = lo + 1; lo -= 1; }
  const pad = (hi - lo) * 0.08;
  lo -= pad; hi += pad;
  ctx.strokeStyle = INK;
  ctx.lineWidth = 2;
  ctx.strokeRect(px, py, pw, ph);
  ctx.font = `15px ${FONT}`;
  ctx.fillStyle = INK;
  ctx.textBaseline = 'middle';
  const yOf = (v) => py + ph - ((v - lo) / (hi - lo)) * ph;
  ctx.fillText(formatNumber(hi - pad), x, py + 8);
  ctx.fillText(formatNumber(lo + pad), x, py + ph - 8);
  ctx.setLineDash([10, 6]);
  ctx.strokeStyle = '#D55E00';
  ctx.lineWidth = 3;
  for (const l of lim) {
    ctx.beginPath();
    ctx.moveTo(px, yOf(l));
    ctx.lineTo(px + pw, yOf(l));
    ctx.stroke();
  }
  ctx.setLineDash([]);
  series.forEach((s, i) => {
    if (!s.length) return;
    ctx.strokeStyle = hexOf(SERIES_COLOURS[i % SERIES_COLOURS.length]);
    ctx.lineWidth = 4;
    ctx.beginPath();
    const n = Math.max(2, s.length);
    s.forEach((v, k) => {
      const xx = px + (pw * k) / (n - 1);
      if (k === 0) ctx.moveTo(xx, yOf(v)); else ctx.lineTo(xx, yOf(v));
    });
    ctx.stroke();
  });
}

/** A menu: a title row and option rows (for grip points, targets, …). */
function drawMenu(ctx, w, h, { title, items, active = -1 }) {
  ctx.clearRect(0, 0, w, h);
  const rows = items.length + 1;
  const rh = h / rows;
  ctx.fillStyle = '#111111';
  roundRect(ctx, 0, 0, w, h, 16);
  ctx.fill();
  const t = fitLines(ctx, title, w - 32, 1, Math.round(rh * 0.45), 16, 'bold');
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#FFFFFF';
  ctx.font = `bold ${t.size}px ${FONT}`;
  ctx.fillText(t.lines[0] || '', 16, rh / 2);
  items.forEach((it, i) => {
    const y = rh * (i + 1);
    ctx.fillStyle = i === active ? hexOf('yellow') : '#FFFFFF';
    roundRect(ctx, 8, y + 4, w - 16, rh - 8, 10);
    ctx.fill();
    ctx.fillStyle = '#000000';
    const f = fitLines(ctx, `${i + 1}. ${it}`, w - 48, 1, Math.round(rh * 0.42), 14);
    ctx.font = `${f.size}px ${FONT}`;
    ctx.fillText(f.lines[0] || '', 24, y + rh / 2);
  });
}

/** The captions panel shown in VR. */
function drawCaptions(ctx, w, h, { status, lines }) {
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = 'rgba(0,0,0,0.82)';
  roundRect(ctx, 0, 0, w, h, 18);
  ctx.fill();
  let y = 12;
  if (status) {
    y = drawLines(ctx, fitLines(ctx, status, w - 32, 1, 24, 16, 'bold').lines, 16, y, 24, hexOf('yellow'), 'bold');
  }
  for (const l of lines) {
    const f = fitLines(ctx, l, w - 32, 3, 28, 18);
    y = drawLines(ctx, f.lines, 16, y + 4, f.size, '#FFFFFF');
    if (y > h - 30) break;
  }
}

export { drawCard, drawPanel, drawGauge, drawChart, drawMenu, drawCaptions, inkOn, FONT };
