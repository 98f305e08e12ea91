import { html } from './html.js';
import { href, page, yearForm } from './layout.js';

/**
 * The files HR keeps, over the employees the viewer sees: the rekap and the SIASN export of a year, and the
 * plan document of each year (the one shown, the one being prepared) for which someone sent a plan.
 */
export function downloadsPage(year: number, viewerName: string, years: number[], plans: { year: number; items: number }[]): string {
  const body = html`<h1>Unduhan ${year}</h1>
    ${yearForm(href('/unduh'), year, years)}
    <ul class="downloads">
      <li><a href="${href(`/unduh/rekap-${year}.xlsx`)}" download>Rekap JP ${year} (XLSX)</a> — per pegawai dan per unit, sama dengan <code>bangkom rekap --format xlsx</code>.</li>
      <li><a href="${href(`/unduh/siasn-${year}.xlsx`)}" download>Ekspor SIASN ${year} (XLSX)</a> · <a href="${href(`/unduh/siasn-${year}.csv`)}" download>CSV</a> — kegiatan disetujui dengan nama kolom SIASN/MyASN.</li>
      ${plans.map(
        (p) => html`<li><a href="${href(`/unduh/rencana-${p.year}.xlsx`)}" download>Rencana pengembangan kompetensi ${p.year} (XLSX)</a> — ${p.items} usulan, sama dengan <code>bangkom rencana --format xlsx</code>.</li>`,
      )}
    </ul>
    ${plans.length === 0 ? html`<p class="muted">Belum ada rencana pengembangan kompetensi yang dikirim untuk tahun ini atau tahun depan.</p>` : ''}
    <p class="muted">Berkas hanya berisi pegawai yang dapat Anda lihat di dasbor.</p>`;
  return page('Unduhan', body, { viewerName, year });
}
