import { formatNumber } from '../rules/index.js';
import { escapeHtml, Html } from './html.js';
import type { Bar } from './data.js';

/** Drawing width: close to a phone's, so that 13px text stays readable when the browser scales the chart. */
const W = 360;
const fmt = (n: number) => escapeHtml(formatNumber(n, 'id'));

/**
 * Horizontal bars, each with its label above it and its value at its end: narrow screens keep long labels
 * (form names) readable. Drawn on the server, scaled by the browser (viewBox), no script.
 */
export function barChart(title: string, bars: Bar[], opts: { id: string; unit?: string } = { id: 'chart' }): Html {
  if (bars.length === 0) return new Html(`<p class="empty" data-chart="${escapeHtml(opts.id)}">Belum ada data.</p>`);
  const max = Math.max(...bars.map((b) => b.value), 1);
  const row = 40;
  const h = bars.length * row + 8;
  const barW = W - 90;
  const parts = bars.map((b, i) => {
    const y = i * row + 4;
    const w = b.value > 0 ? Math.max(2, (b.value / max) * barW) : 0;
    const value = `${fmt(b.value)}${opts.unit ? ` ${escapeHtml(opts.unit)}` : ''}`;
    return (
      `<g data-label="${escapeHtml(b.label)}" data-value="${b.value}">` +
      `<text x="0" y="${y + 12}" class="l">${escapeHtml(b.label)}</text>` +
      `<rect x="0" y="${y + 17}" width="${w.toFixed(1)}" height="16" rx="3"/>` +
      `<text x="${(w + 6).toFixed(1)}" y="${y + 30}" class="v">${value}</text></g>`
    );
  });
  return new Html(
    `<svg class="chart" data-chart="${escapeHtml(opts.id)}" viewBox="0 0 ${W} ${h}" role="img" aria-label="${escapeHtml(title)}">` +
      `<title>${escapeHtml(title)}</title>${parts.join('')}</svg>`,
  );
}

/** Vertical columns with short labels under them (the twelve months). */
export function columnChart(title: string, bars: Bar[], opts: { id: string }): Html {
  const max = Math.max(...bars.map((b) => b.value), 1);
  const top = 20;
  const plot = 160;
  const step = W / Math.max(bars.length, 1);
  const colW = Math.max(4, step * 0.6);
  const parts = bars.map((b, i) => {
    const x = i * step + (step - colW) / 2;
    const hgt = b.value > 0 ? Math.max(2, (b.value / max) * plot) : 0;
    const y = top + plot - hgt;
    const cx = (x + colW / 2).toFixed(1);
    return (
      `<g data-label="${escapeHtml(b.label)}" data-value="${b.value}">` +
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${colW.toFixed(1)}" height="${hgt.toFixed(1)}" rx="2"/>` +
      (b.value > 0 ? `<text x="${cx}" y="${(y - 4).toFixed(1)}" class="v" text-anchor="middle">${fmt(b.value)}</text>` : '') +
      `<text x="${cx}" y="${top + plot + 18}" class="l" text-anchor="middle">${escapeHtml(b.label)}</text></g>`
    );
  });
  return new Html(
    `<svg class="chart" data-chart="${escapeHtml(opts.id)}" viewBox="0 0 ${W} ${top + plot + 26}" role="img" aria-label="${escapeHtml(title)}">` +
      `<title>${escapeHtml(title)}</title>${parts.join('')}</svg>`,
  );
}
