import { RuleError, type Scope } from './types.js';

const FIELD_LABEL: Record<string, string> = {
  days: 'Jumlah hari',
  count: 'Jumlah kegiatan/sesi/semester',
  jp: 'JP',
  durationMinutes: 'Durasi (menit)',
};

/** RuleError 'invalid-number' unless the value is absent or a finite number above 0 (an integer when asked). */
export function checkPositive(name: string, value: unknown, integer: boolean): void {
  if (value === undefined) return;
  const ok = typeof value === 'number' && Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value));
  if (!ok) {
    const what = integer ? 'bilangan bulat lebih dari 0' : 'angka lebih dari 0';
    const label = FIELD_LABEL[name] ?? name;
    throw new RuleError('invalid-number', `${label} (${name}) tidak valid: ${String(value)}; harus ${what}`, {
      field: name,
      value: String(value),
    });
  }
}

/** RuleError 'invalid-number' unless the value is a finite number ≥ 0. */
export function checkNonNegative(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RuleError('invalid-number', `Nilai ${name} tidak valid: ${String(value)} (harus angka 0 atau lebih)`, {
      field: name,
      value: String(value),
    });
  }
}

export function checkScope(scope: unknown): asserts scope is Scope {
  if (scope !== 'nasional' && scope !== 'internasional') {
    throw new RuleError('scope-not-allowed', `Cakupan tidak dikenal: '${String(scope)}' (pilih nasional atau internasional)`, {
      scope: String(scope),
    });
  }
}
