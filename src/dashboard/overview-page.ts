import { formatNip } from '../domain/nip.js';
import { hasJpDuty } from '../domain/rekap.js';
import { TARGET_JP } from '../domain/year-totals.js';
import { formatShare } from '../rekap/formats.js';
import { STUCK_DAYS, unitEmployees, type Overview } from './data.js';
import { html, type Html } from './html.js';
import { fmt, href, page, yearForm } from './layout.js';
import { barChart, columnChart } from './svg.js';

export const unitPath = (unit: string) => `/unit/${encodeURIComponent(unit)}`;
export const employeePath = (nip: string) => `/pegawai/${nip}`;

function cards(o: Overview): Html {
  const t = o.total;
  return html`<div class="cards">
    <div class="card"><div class="muted">Pegawai wajib ${TARGET_JP} JP</div><div class="n" data-total="employees">${fmt(t.employees)}</div></div>
    <div class="card"><div class="muted">Sudah ≥ ${TARGET_JP} JP</div><div class="n" data-total="met">${fmt(t.met)}</div><div class="muted" data-total="share">${formatShare(t.metShare)}</div></div>
    <div class="card"><div class="muted">Belum punya JP tahun ini</div><div class="n" data-total="withoutJp">${fmt(t.withoutJp)}</div></div>
    <div class="card"><div class="muted">JP disetujui</div><div class="n" data-total="approvedJp">${fmt(t.approvedJp)}</div><div class="muted">menunggu: ${fmt(t.pendingJp)}</div></div>
    ${t.tkk > 0 ? html`<div class="card"><div class="muted">TKK (tidak wajib ${TARGET_JP} JP)</div><div class="n" data-total="tkk">${fmt(t.tkk)}</div></div>` : ''}
  </div>`;
}

/** Who has waited longest for a decision: the stuck approvals, at most `limit` of them. */
function stuckTable(o: Overview, limit: number): Html {
  if (o.stuck.length === 0) return html`<p class="muted" data-table="stuck">Tidak ada laporan yang menunggu lebih dari ${STUCK_DAYS} hari.</p>`;
  const shown = o.stuck.slice(0, limit);
  return html`<div class="scroll"><table data-table="stuck">
      <thead><tr><th>Pegawai</th><th class="hide-sm">Unit</th><th class="num">Laporan</th><th class="num">Lama menunggu (hari)</th></tr></thead>
      <tbody>${shown.map(
        (s) => html`<tr data-stuck="${s.nip}"><td><a href="${href(employeePath(s.nip), o.year)}">${s.name}</a></td><td class="hide-sm">${s.unit}</td>
          <td class="num">${fmt(s.reports)}</td><td class="num" data-field="oldestDays">${fmt(s.oldestDays)}</td></tr>`,
      )}</tbody></table></div>
    ${o.stuck.length > shown.length ? html`<p class="muted">dan ${fmt(o.stuck.length - shown.length)} pegawai lainnya.</p>` : ''}`;
}

function charts(o: Overview): Html {
  const pending = o.pendingByAge.reduce((s, b) => s + b.value, 0);
  return html`<div class="grid">
    <section class="panel"><h2>Sebaran JP pegawai</h2>${barChart('Jumlah pegawai menurut JP disetujui', o.distribution, { id: 'distribution', unit: 'orang' })}</section>
    <section class="panel"><h2>JP menurut bentuk</h2>${barChart('JP disetujui menurut bentuk pengembangan kompetensi', o.byForm, { id: 'by-form', unit: 'JP' })}</section>
    <section class="panel"><h2>JP per bulan</h2>${columnChart(`JP disetujui per bulan ${o.year}`, o.byMonth, { id: 'by-month' })}<p class="muted">Menurut bulan selesainya kegiatan; batas pengakuan JP sudah diterapkan.</p></section>
    <section class="panel"><h2>Laporan menunggu persetujuan</h2>${barChart('Laporan menunggu persetujuan menurut lamanya', o.pendingByAge, { id: 'pending-age', unit: 'laporan' })}<p class="muted">Semua tahun: ${fmt(pending)} laporan.</p></section>
  </div>`;
}

/** The overview: one line per unit the viewer sees, then the charts over all of them. */
export function overviewPage(o: Overview, viewerName: string, years: number[], asOf: string): string {
  const body = html`<h1>Ringkasan pengembangan kompetensi ${o.year}</h1>
    <p class="muted" data-as-of>Angka per ${asOf}.</p>
    ${yearForm(href(''), o.year, years)}
    ${cards(o)}
    <h2>Per unit</h2>
    <div class="scroll"><table data-table="units">
      <thead><tr><th>Unit</th><th class="num">Pegawai</th><th class="num">≥ ${TARGET_JP} JP</th><th class="num">Persentase</th><th class="num">Tanpa JP</th><th class="num hide-sm">JP disetujui</th><th class="num hide-sm">JP menunggu</th></tr></thead>
      <tbody>${[...o.units]
        .sort((a, b) => a.metShare - b.metShare || a.unit.localeCompare(b.unit))
        .map(
          (u) => html`<tr data-unit="${u.unit}"${u.metShare < 0.5 ? html` class="low"` : ''}>
            <td><a href="${href(unitPath(u.unit), o.year)}">${u.unit}</a></td>
            <td class="num" data-field="employees">${fmt(u.employees)}</td>
            <td class="num" data-field="met">${fmt(u.met)}</td>
            <td class="num" data-field="share">${u.employees ? formatShare(u.metShare) : '-'}</td>
            <td class="num" data-field="withoutJp">${fmt(u.withoutJp)}</td>
            <td class="num hide-sm" data-field="approvedJp">${fmt(u.approvedJp)}</td>
            <td class="num hide-sm" data-field="pendingJp">${fmt(u.pendingJp)}</td></tr>`,
        )}</tbody>
    </table></div>
    <p class="muted">Diurutkan dari persentase terendah. Persentase dihitung atas pegawai wajib ${TARGET_JP} JP (PNS dan PPPK); TKK tidak dihitung.</p>
    <h2>Persetujuan tertahan (lebih dari ${STUCK_DAYS} hari)</h2>
    ${stuckTable(o, 10)}
    ${charts(o)}`;
  return page('Ringkasan', body, { viewerName, year: o.year });
}

/** One unit: its numbers and charts, and every employee of it the viewer sees. */
export function unitPage(o: Overview, unit: string, viewerName: string, years: number[], asOf: string): string {
  const body = html`<p class="muted"><a href="${href('', o.year)}">Ringkasan</a> › Unit</p>
    <h1>${unit} — ${o.year}</h1>
    <p class="muted" data-as-of>Angka per ${asOf}.</p>
    ${yearForm(href(unitPath(unit)), o.year, years)}
    ${cards(o)}
    <h2>Pegawai</h2>
    <div class="scroll"><table data-table="employees">
      <thead><tr><th>Nama</th><th class="hide-sm">NIP</th><th class="num">JP disetujui</th><th class="num">JP menunggu</th><th>Status ${TARGET_JP} JP</th></tr></thead>
      <tbody>${unitEmployees(o).map((r) => {
        const duty = hasJpDuty(r);
        return html`<tr data-nip="${r.nip}"${duty && r.approvedJp === 0 ? html` class="low"` : ''}>
          <td><a href="${href(employeePath(r.nip), o.year)}">${r.name}</a></td>
          <td class="hide-sm">${formatNip(r.nip)}</td>
          <td class="num" data-field="approvedJp">${fmt(r.approvedJp)}</td>
          <td class="num" data-field="pendingJp">${fmt(r.pendingJp)}</td>
          <td data-field="met">${!duty ? 'TKK, tidak wajib' : r.met ? 'tercapai' : `kurang ${fmt(Math.round((r.targetJp - r.approvedJp) * 100) / 100)} JP`}</td></tr>`;
      })}</tbody>
    </table></div>
    <h2>Persetujuan tertahan (lebih dari ${STUCK_DAYS} hari)</h2>
    ${stuckTable(o, 50)}
    ${charts(o)}`;
  return page(unit, body, { viewerName, year: o.year });
}
