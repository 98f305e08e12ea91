import { describe, expect, it } from 'vitest';
import { parseIntent } from '../../src/engine/intents.js';

describe('an invite code typed as it is shown (issue 10 item 2: codes in groups of four)', () => {
  const cases: [string, string, ReturnType<typeof parseIntent>][] = [
    ['groups with dashes, as shown', 'daftar ABCD-EFGH-JKMN', { kind: 'link', code: 'ABCD-EFGH-JKMN' }],
    ['groups with spaces', 'daftar ABCD EFGH JKMN', { kind: 'link', code: 'ABCD EFGH JKMN' }],
    ['an old 8-character code in two groups', 'daftar abcd efgh', { kind: 'link', code: 'abcd efgh' }],
    ['Telegram deep link /start with spaces', '/start ABCD EFGH JKMN', { kind: 'link', code: 'ABCD EFGH JKMN' }],
    ['one token', 'daftar ABCDEFGHJKMN', { kind: 'link', code: 'ABCDEFGHJKMN' }],
    ['"daftar persetujuan" stays the approvals list', 'daftar persetujuan', { kind: 'approvals' }],
  ];
  it.each(cases)('%s: %s', (_name, text, intent) => {
    expect(parseIntent(text)).toEqual(intent);
  });

  it('ordinary words after "daftar" are not taken for a code of groups', () => {
    expect(parseIntent('daftar hadir kegiatan')).not.toMatchObject({ kind: 'link' });
  });
});
