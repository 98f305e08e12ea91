import { formatNip } from '../domain/nip.js';
import { hasJpDuty } from '../domain/rekap.js';
import type { Activity, ActivityStatus, Employee } from '../domain/types.js';
import type { YearTotals } from '../domain/year-totals.js';
import { formLabel } from './data.js';
import { html } from './html.js';
import { fmt, href, page, yearForm } from './layout.js';
import { employeePath, unitPath } from './overview-page.js';

export const STATUS_LABEL: Record<ActivityStatus, string> = {
  pending: 'menunggu persetujuan',
  approved: 'disetujui',
  rejected: 'ditolak',
  returned: 'dikembalikan untuk revisi',
  cancelled: 'dibatalkan',
};

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export interface EmployeeView {
  employee: Employee;
  year: number;
  totals: YearTotals;
  /** Every activity of the employee, any year and status. */
  activities: Activity[];
  years: number[];
}

/** One employee: the year's totals as the rekap counts them, every activity with its status and evidence, the Kartu Data. */
export function employeePage(v: EmployeeView, viewerName: string): string {
  const e = v.employee;
  const duty = hasJpDuty(e);
  const list = [...v.activities].sort((a, b) => b.input.end.localeCompare(a.input.end) || b.createdAt.localeCompare(a.createdAt));
  const base = employeePath(e.nip);
  const body = html`<p class="muted"><a href="${href('', v.year)}">Ringkasan</a> › <a href="${href(unitPath(e.unit), v.year)}">${e.unit}</a> › Pegawai</p>
    <h1>${e.name}</h1>
    <p class="muted">NIP ${formatNip(e.nip)} · ${e.position} · ${e.unit}${e.jenisAsn && e.jenisAsn !== 'PNS' ? ` · ${e.jenisAsn}` : ''}</p>
    ${yearForm(href(base), v.year, v.years)}
    <div class="cards">
      <div class="card"><div class="muted">JP disetujui ${v.year}</div><div class="n" data-field="approvedJp">${fmt(v.totals.approved)}</div></div>
      <div class="card"><div class="muted">JP menunggu</div><div class="n" data-field="pendingJp">${fmt(v.totals.pending)}</div></div>
      <div class="card"><div class="muted">Target</div><div class="n" data-field="met">${!duty ? 'tidak wajib (TKK)' : v.totals.met ? 'tercapai' : `kurang ${fmt(v.totals.shortfall)} JP`}</div></div>
    </div>
    <p><a href="${`${href(`${base}/kartu.pdf`)}`}" download>Unduh Kartu Data Pengembangan Kompetensi (PDF)</a></p>
    <h2>Kegiatan</h2>
    <div class="scroll"><table data-table="activities">
      <thead><tr><th>Kegiatan</th><th class="hide-sm">Bentuk</th><th>Tanggal</th><th class="num">JP</th><th>Status</th><th>Bukti</th></tr></thead>
      <tbody>${
        list.length === 0
          ? html`<tr><td colspan="6" class="muted">Belum ada kegiatan.</td></tr>`
          : list.map(
              (a) => html`<tr data-activity="${a.id}">
          <td>${a.title}<div class="muted">${a.organizer}${a.source ? ' · riwayat impor' : ''}</div></td>
          <td class="hide-sm">${formLabel(a.input.type)}</td>
          <td>${a.input.start === a.input.end ? dmy(a.input.start) : `${dmy(a.input.start)} – ${dmy(a.input.end)}`}</td>
          <td class="num">${fmt(a.jp)}</td>
          <td><span class="badge ${a.status}" data-field="status">${STATUS_LABEL[a.status]}</span></td>
          <td>${a.evidence ? html`<a href="${href(`${base}/bukti/${a.id}`)}">${a.evidence.name}</a>` : '-'}</td></tr>`,
            )
      }</tbody>
    </table></div>
    <p class="muted">JP per kegiatan adalah nilai tercatat; jumlah tahunan di atas memakai batas pengakuan JP, seperti rekap.</p>`;
  return page(e.name, body, { viewerName, year: v.year });
}
