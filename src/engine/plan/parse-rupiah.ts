/**
 * An estimated cost in rupiah as people type it: "3500000", "3.500.000", "Rp 3.500.000,-", "Rp3,5 juta",
 * "3.5 jt", "750 ribu", "750rb", "0", "gratis"/"tanpa biaya"/"free". Undefined when it is no amount.
 */
export function parseRupiah(input: string): number | undefined {
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ').replace(/,-$/, '').replace(/\.$/, '');
  if (/^(gratis|tanpa biaya|tidak ada biaya|free|no cost|none|nol)$/.test(s)) return 0;
  const m = /^(?:rp\.? ?)?(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+(?:[.,]\d+)?) ?(juta|jt|million|m|ribu|rb|k|thousand|miliar|milyar|m?ilyar|billion)?$/.exec(s);
  if (!m?.[1]) return undefined;
  const digits = m[1];
  const unit = m[2];
  let n: number;
  if (/^\d{1,3}(?:\.\d{3})+$/.test(digits) && !unit) n = Number(digits.replace(/\./g, ''));
  else if (/^\d{1,3}(?:,\d{3})+$/.test(digits) && !unit) n = Number(digits.replace(/,/g, ''));
  else n = Number(digits.replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.'));
  if (!Number.isFinite(n)) return undefined;
  const factor =
    unit === undefined ? 1 : /^(juta|jt|million|m)$/.test(unit) ? 1e6 : /^(ribu|rb|k|thousand)$/.test(unit) ? 1e3 : 1e9;
  const value = Math.round(n * factor);
  return Number.isSafeInteger(value) && value >= 0 && value <= 1e12 ? value : undefined;
}

/** 3500000 → "Rp3.500.000". */
export function formatRupiah(n: number): string {
  return `Rp${Math.round(n).toLocaleString('id-ID')}`;
}
