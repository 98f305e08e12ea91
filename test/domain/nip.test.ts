import { describe, expect, it } from 'vitest';
import { checkNip, decodeNip, formatNip } from '../../src/domain/nip.js';

describe('NIP structure (YYYYMMDD birth, YYYYMM TMT, sex 1/2, 3-digit sequence)', () => {
  it.each([
    ['printed with spaces', '19640321 199103 1 009', '196403211991031009'],
    ['plain digits', '199003152015032001', '199003152015032001'],
    ['a NIPPPK (TMT year 2023, then 2 and intake 1)', '19900315 202321 2 001', '199003152023212001'],
  ])('accepts %s', (_name, raw, nip) => {
    expect(checkNip(raw)).toEqual({ ok: true, nip });
  });

  it.each([
    ['17 digits', '19640321199103100', 'length'],
    ['letters', '1964032119910310AB', 'length'],
    ['birth date 31 February', '196402311991031009', 'birth-date'],
    ['birth month 13', '196413011991031009', 'birth-date'],
    ['TMT month 00', '196403211991001009', 'tmt'],
    ['TMT month 30 (neither a month nor the NIPPPK code 2)', '196403211991301009', 'tmt'],
    ['TMT before birth', '196403211950011009', 'tmt'],
    ['NIPPPK intake digit 0', '199003152023201001', 'tmt'],
    ['NIPPPK appointed before birth', '199003151989211001', 'tmt'],
    ['sex digit 3', '196403211991033009', 'sex'],
    ['NIPPPK sex digit 0', '199003152023210001', 'sex'],
  ])('refuses %s', (_name, raw, problem) => {
    expect(checkNip(raw)).toEqual({ ok: false, problem });
  });

  it('prints the NIP in its four groups', () => {
    expect(formatNip('196403211991031009')).toBe('19640321 199103 1 009');
  });
});

describe('decodeNip: what the digits say (birth date from digits 1–8, sex from digit 15: 1 = L, 2 = P)', () => {
  it.each([
    ['NIP: digits 1–8 19640321 → born 1964-03-21; digit 15 = 1 → L; digits 9–14 199103 → appointed 1991-03', '196403211991031009',
      { layout: 'pns', birthDate: '1964-03-21', sex: 'L', appointed: '1991-03', serial: '009' }],
    ['NIP: digits 1–8 19900315 → born 1990-03-15; digit 15 = 2 → P', '199003152015032001',
      { layout: 'pns', birthDate: '1990-03-15', sex: 'P', appointed: '2015-03', serial: '001' }],
    ['NIP born on 29 February of a leap year (19880229)', '198802292010121003',
      { layout: 'pns', birthDate: '1988-02-29', sex: 'L', appointed: '2010-12', serial: '003' }],
    ['NIPPPK: digits 9–12 2023 → appointed 2023, digit 13 = 2 (PPPK), digit 15 = 1 → L', '199003152023211001',
      { layout: 'pppk', birthDate: '1990-03-15', sex: 'L', appointed: '2023', serial: '001' }],
    ['NIPPPK: digit 15 = 2 → P; intake digit 14 = 3', '198512012024232045',
      { layout: 'pppk', birthDate: '1985-12-01', sex: 'P', appointed: '2024', serial: '045' }],
    ['printed NIP with spaces decodes the same', '19640321 199103 1 009',
      { layout: 'pns', birthDate: '1964-03-21', sex: 'L' }],
  ])('%s', (_rule, nip, parts) => {
    expect(decodeNip(nip)).toMatchObject(parts);
  });

  it.each([
    ['17 digits', '19640321199103100'],
    ['birth date 31 February', '196402311991031009'],
    ['sex digit 3', '196403211991033009'],
  ])('says nothing of a number that is no NIP: %s', (_name, raw) => {
    expect(decodeNip(raw)).toBeUndefined();
  });
});
