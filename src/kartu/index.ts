import type { Store } from '../domain/store.js';
import { kartuData, type KartuOptions } from './data.js';
import { kartuToPdf } from './pdf.js';

export { kartuData, type KartuData, type KartuKegiatan, type KartuOptions } from './data.js';
export { kartuToJson, type KartuJson } from './json.js';
export { kartuToPdf } from './pdf.js';
export { kartuToXlsx } from './xlsx.js';
export { loadUnitHeads, parseUnitHeads, unitHeadFor, type UnitHead, type UnitHeads } from './unit-heads.js';

/** A file name any platform and file system takes: no path separators, control or reserved characters. */
export function safeFileName(name: string): string {
  return name
    .replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 150);
}

/**
 * The employee's Kartu Data as a PDF document, for the chat ("kartu data", `/kartu`): undefined for an
 * unknown NIP. Pass `unitHeads: await loadUnitHeads()` so "Mengetahui" names the unit's head.
 */
export async function kartuPdf(
  store: Store,
  nip: string,
  opts: KartuOptions,
): Promise<{ name: string; bytes: Uint8Array } | undefined> {
  const data = await kartuData(store, nip, opts);
  if (!data) return undefined;
  return { name: `Kartu Data ${safeFileName(data.pegawai.nama) || data.pegawai.nip}.pdf`, bytes: await kartuToPdf(data) };
}
