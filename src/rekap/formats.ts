import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { dutyRows, tkkRows, type Rekap, type RekapRow, type RekapUnit } from '../domain/rekap.js';
import { TARGET_JP } from '../domain/year-totals.js';
import { formatNumber } from '../rules/index.js';

export const REKAP_FORMATS = ['table', 'csv', 'json', 'xlsx'] as const;
export type RekapFormat = (typeof REKAP_FORMATS)[number];

/** One JSON object per employee: exactly the RekapRow fields (unit totals are not in the array). */
export type RekapJsonRow = Pick<RekapRow, 'nip' | 'name' | 'unit' | 'approvedJp' | 'pendingJp' | 'targetJp' | 'met'>;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Totals over every unit of the rekap: employees with the 20 JP duty, as in each unit's totals. */
export function overallTotals(rekap: Rekap): RekapUnit {
  const rows = dutyRows(rekap);
  const employees = rows.length;
  const met = rows.filter((r) => r.met).length;
  return {
    unit: 'Semua unit',
    employees,
    met,
    metShare: employees ? met / employees : 0,
    approvedJp: round2(rows.reduce((s, r) => s + r.approvedJp, 0)),
    pendingJp: round2(rows.reduce((s, r) => s + r.pendingJp, 0)),
    unreachable: rows.filter((r) => r.reach === 'unreachable').length,
    notLinked: rows.filter((r) => r.reach === 'not-linked').length,
    notUploaded: rows.reduce((s, r) => s + r.notUploaded, 0),
    plannedJp: round2(rows.reduce((s, r) => s + r.plannedJp, 0)),
    realisedPlanJp: round2(rows.reduce((s, r) => s + r.realisedPlanJp, 0)),
    gaps: {
      rendah: rows.reduce((s, r) => s + r.gaps.rendah, 0),
      sedang: rows.reduce((s, r) => s + r.gaps.sedang, 0),
      tinggi: rows.reduce((s, r) => s + r.gaps.tinggi, 0),
    },
  };
}

/** The plan and the six-month evaluation of a unit, for its total line: empty when it has neither. */
function planAndGaps(u: RekapUnit): string {
  const parts: string[] = [];
  if (u.plannedJp > 0 || u.realisedPlanJp > 0) parts.push(`rencana diterima ${formatNumber(u.plannedJp)} JP, terealisasi ${formatNumber(u.realisedPlanJp)} JP`);
  if (u.gaps.rendah + u.gaps.sedang + u.gaps.tinggi > 0) {
    parts.push(`evaluasi kesenjangan: rendah ${u.gaps.rendah}, sedang ${u.gaps.sedang}, tinggi ${u.gaps.tinggi}`);
  }
  return parts.map((p) => ` · ${p}`).join('');
}

/** Why TKK staff are shown apart, in the table's TKK heading and the workbook's TKK sheet. */
export const TKK_NOTE = `tidak wajib ${TARGET_JP} JP; tidak dihitung dalam persentase unit`;

/** Whether reminders reach an employee, as the table and the workbook say it. */
const REACH_LABEL: Record<RekapRow['reach'], string> = {
  linked: 'sampai',
  'not-linked': 'belum terhubung',
  unreachable: 'memblokir bot',
};

/** `0.6667` → "66,7%". */
export function formatShare(share: number): string {
  return `${formatNumber(Math.round(share * 1000) / 10)}%`;
}

/**
 * Every employee, TKK staff too (they are employees and their JP is real), in the rekap's order. A TKK row
 * has `targetJp` 0 and so `met` true: nobody needs to chase them, and a program that computes shares leaves
 * the `targetJp` 0 rows out, as the rekap's own unit totals do.
 */
export function rekapJsonRows(rekap: Rekap): RekapJsonRow[] {
  return rekap.rows.map(({ nip, name, unit, approvedJp, pendingJp, targetJp, met }) => ({
    nip,
    name,
    unit,
    approvedJp,
    pendingJp,
    targetJp,
    met,
  }));
}

/** A JSON array of employee rows. */
export function rekapJson(rekap: Rekap): string {
  return `${JSON.stringify(rekapJsonRows(rekap), null, 2)}\n`;
}

export const CSV_COLUMNS = [
  'nip',
  'nama',
  'unit',
  'jp_disetujui',
  'jp_menunggu',
  'target_jp',
  'tercapai',
  'jenis_baris',
] as const;

/**
 * RFC 4180 CSV (csv-stringify), numbers with a decimal point. Each unit's employee rows (`jenis_baris`
 * `pegawai`, `tercapai` ya/tidak) are followed by its total row (`jenis_baris` `total_unit`, no NIP, the JP
 * sums, `tercapai` "met/employees (share)"). TKK staff come last (`jenis_baris` `pegawai_tkk`, `target_jp`
 * 0, `tercapai` "tidak wajib"), in no unit total.
 */
export function rekapCsv(rekap: Rekap): string {
  const records: (string | number)[][] = [];
  for (const unit of rekap.units) {
    for (const r of dutyRows(rekap).filter((row) => row.unit === unit.unit)) {
      records.push([r.nip, r.name, r.unit, r.approvedJp, r.pendingJp, r.targetJp, r.met ? 'ya' : 'tidak', 'pegawai']);
    }
    records.push([
      '',
      `Total ${unit.unit}`,
      unit.unit,
      unit.approvedJp,
      unit.pendingJp,
      '',
      `${unit.met}/${unit.employees} (${Math.round(unit.metShare * 1000) / 10}%)`,
      'total_unit',
    ]);
  }
  for (const r of tkkRows(rekap)) {
    records.push([r.nip, r.name, r.unit, r.approvedJp, r.pendingJp, r.targetJp, 'tidak wajib', 'pegawai_tkk']);
  }
  return stringify(records, { header: true, columns: [...CSV_COLUMNS] });
}

/**
 * A table for the terminal: employees with the 20 JP duty grouped by unit, a total line after each unit and
 * one for all; then TKK staff apart, with their JP but no target.
 */
export function rekapTable(rekap: Rekap): string {
  if (rekap.rows.length === 0) return `Rekap JP ${rekap.year}: tidak ada pegawai yang cocok.\n`;
  const header = ['NIP', 'Nama', 'Unit', 'Disetujui', 'Menunggu', 'Target', 'Tercapai', 'Pengingat'];
  const right = [false, false, false, true, true, true, false, false];
  const cells = (r: RekapRow) => [
    r.nip,
    r.name,
    r.unit,
    formatNumber(r.approvedJp),
    formatNumber(r.pendingJp),
    formatNumber(r.targetJp),
    r.met ? 'ya' : 'tidak',
    REACH_LABEL[r.reach],
  ];
  // TKK rows share the first five columns, so both parts line up.
  const all = [header, ...rekap.rows.map(cells)];
  const widths = header.map((_, i) => Math.max(...all.map((row) => [...(row[i] ?? '')].length)));
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(Math.max(0, (widths[i] ?? 0) - [...text].length));
    return right[i] ? gap + text : text + gap;
  };
  const line = (row: string[]) => row.map(pad).join('  ').trimEnd();
  const rule = (columns: number) =>
    widths
      .slice(0, columns)
      .map((w) => '-'.repeat(w))
      .join('  ');
  const totalLine = (u: RekapUnit) =>
    `${u.unit}: ${u.met}/${u.employees} pegawai mencapai ${TARGET_JP} JP (${formatShare(u.metShare)}) · ` +
    `disetujui ${formatNumber(u.approvedJp)} JP · menunggu ${formatNumber(u.pendingJp)} JP` +
    (u.unreachable + u.notLinked > 0 ? ` · tak terjangkau pengingat: ${u.unreachable} memblokir bot, ${u.notLinked} belum terhubung` : '') +
    (u.notUploaded > 0 ? ` · ${u.notUploaded} kegiatan disetujui belum diunggah ke MyASN` : '') +
    planAndGaps(u);

  const out = [`Rekap JP ${rekap.year} (target ${TARGET_JP} JP per pegawai)`, ''];
  const duty = dutyRows(rekap);
  if (duty.length > 0) {
    out.push(line(header), rule(header.length));
    for (const unit of rekap.units) {
      for (const r of duty.filter((row) => row.unit === unit.unit)) out.push(line(cells(r)));
      out.push(`  Total ${totalLine(unit)}`, '');
    }
    out.push(totalLine(overallTotals(rekap)));
  }
  const tkk = tkkRows(rekap);
  if (tkk.length > 0) {
    if (duty.length > 0) out.push('');
    out.push(`TKK (${TKK_NOTE})`, '', line(header.slice(0, 5)), rule(5));
    for (const r of tkk) out.push(line(cells(r).slice(0, 5)));
    const sum = (f: (r: RekapRow) => number) => formatNumber(round2(tkk.reduce((s, r) => s + f(r), 0)));
    out.push(`  Total TKK: ${tkk.length} orang · disetujui ${sum((r) => r.approvedJp)} JP · menunggu ${sum((r) => r.pendingJp)} JP`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * An Excel workbook: sheet "Pegawai" (one row per employee with the 20 JP duty), sheet "Per unit" (one row
 * per unit and one for all units) and sheet "TKK" (TKK staff, apart: their JP, no target; the sheet is there,
 * header only, when there are none); headers bold, frozen and filterable; JP and shares are numbers, NIPs text.
 */
export async function rekapXlsx(rekap: Rekap): Promise<Buffer> {
  // Loaded here: exceljs is heavy, and every other command of the CLI does without it.
  const { default: ExcelJS } = await import('exceljs');
  // The streaming writer: rows are zipped as they are added, so a rekap of 100,000 employees never exists as
  // a workbook model in memory (the model took over 1 GB there; bench/scale.ts).
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'bangkom-bot';
  wb.created = new Date(0);

  type Column = { header: string; key: string; width: number; style?: { numFmt: string } };
  const sheet = (name: string, columns: Column[], rows: Iterable<Record<string, unknown>>, last?: Record<string, unknown>) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns;
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const r of rows) ws.addRow(r).commit();
    if (last) {
      const row = ws.addRow(last);
      row.font = { bold: true };
      row.commit();
    }
    ws.commit();
  };

  sheet(
    'Pegawai',
    [
      { header: 'NIP', key: 'nip', width: 21 },
      { header: 'Nama', key: 'name', width: 32 },
      { header: 'Unit', key: 'unit', width: 28 },
      { header: 'JP disetujui', key: 'approvedJp', width: 13 },
      { header: 'JP menunggu', key: 'pendingJp', width: 13 },
      { header: 'Target JP', key: 'targetJp', width: 10 },
      { header: 'Tercapai', key: 'met', width: 10 },
      { header: 'Pengingat', key: 'reach', width: 16 },
    ],
    (function* () {
      for (const r of dutyRows(rekap)) yield { ...r, met: r.met ? 'Ya' : 'Tidak', reach: REACH_LABEL[r.reach] };
    })(),
  );
  sheet(
    'Per unit',
    [
      { header: 'Unit', key: 'unit', width: 28 },
      { header: 'Pegawai', key: 'employees', width: 10 },
      { header: `Mencapai ${TARGET_JP} JP`, key: 'met', width: 16 },
      { header: 'Persentase', key: 'metShare', width: 12, style: { numFmt: '0.0%' } },
      { header: 'JP disetujui', key: 'approvedJp', width: 13 },
      { header: 'JP menunggu', key: 'pendingJp', width: 13 },
      { header: 'Memblokir bot', key: 'unreachable', width: 14 },
      { header: 'Belum terhubung', key: 'notLinked', width: 16 },
      { header: 'Belum diunggah ke MyASN', key: 'notUploaded', width: 22 },
    ],
    rekap.units as unknown as Record<string, unknown>[],
    overallTotals(rekap) as unknown as Record<string, unknown>,
  );
  // The plan against what was realised, and the six-month evaluation of the remaining gap (issue 14).
  const planRow = (u: RekapUnit) => ({
    unit: u.unit,
    plannedJp: u.plannedJp,
    realisedPlanJp: u.realisedPlanJp,
    approvedJp: u.approvedJp,
    rendah: u.gaps.rendah,
    sedang: u.gaps.sedang,
    tinggi: u.gaps.tinggi,
  });
  sheet(
    'Rencana & evaluasi',
    [
      { header: 'Unit', key: 'unit', width: 28 },
      { header: 'JP rencana diterima', key: 'plannedJp', width: 19 },
      { header: 'JP rencana terealisasi', key: 'realisedPlanJp', width: 21 },
      { header: 'JP disetujui (semua)', key: 'approvedJp', width: 19 },
      { header: 'Kesenjangan rendah', key: 'rendah', width: 18 },
      { header: 'Kesenjangan sedang', key: 'sedang', width: 18 },
      { header: 'Kesenjangan tinggi', key: 'tinggi', width: 18 },
    ],
    rekap.units.map(planRow),
    planRow(overallTotals(rekap)),
  );
  sheet(
    'TKK',
    [
      { header: 'NIP', key: 'nip', width: 21 },
      { header: 'Nama', key: 'name', width: 32 },
      { header: 'Unit', key: 'unit', width: 28 },
      { header: 'JP disetujui', key: 'approvedJp', width: 13 },
      { header: 'JP menunggu', key: 'pendingJp', width: 13 },
      { header: 'Keterangan', key: 'note', width: 40 },
    ],
    (function* () {
      for (const r of tkkRows(rekap)) yield { ...r, note: TKK_NOTE };
    })(),
  );
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
