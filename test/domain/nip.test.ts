import { describe, expect, it } from 'vitest';
import { checkNip, formatNip } from '../../src/domain/nip.js';

describe('NIP structure (YYYYMMDD birth, YYYYMM TMT, sex 1/2, 3-digit sequence)', () => {
  it.each([
    ['printed with spaces', '19640321 199103 1 009', '196403211991031009'],
    ['plain digits', '199003152015032001', '199003152015032001'],
  ])('accepts %s', (_name, raw, nip) => {
    expect(checkNip(raw)).toEqual({ ok: true, nip });
  });

  it.each([
    ['17 digits', '19640321199103100', 'length'],
    ['letters', '1964032119910310AB', 'length'],
    ['birth date 31 February', '196402311991031009', 'birth-date'],
    ['birth month 13', '196413011991031009', 'birth-date'],
    ['TMT month 00', '196403211991001009', 'tmt'],
    ['TMT before birth', '196403211950011009', 'tmt'],
    ['sex digit 3', '196403211991033009', 'sex'],
  ])('refuses %s', (_name, raw, problem) => {
    expect(checkNip(raw)).toEqual({ ok: false, problem });
  });

  it('prints the NIP in its four groups', () => {
    expect(formatNip('196403211991031009')).toBe('19640321 199103 1 009');
  });
});
