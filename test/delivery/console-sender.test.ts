import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleSender, sizeText } from '../../src/delivery/console-sender.js';

describe('console sender (bangkom remind)', () => {
  it('prints a document as its name, size and where the store keeps it, with the caption under it', async () => {
    const out = new PassThrough();
    const file = { name: 'Kartu Data Siti.pdf', mime: 'application/pdf', hash: 'a'.repeat(64), path: `data/evidence/${'a'.repeat(64)}.pdf`, size: 12_800 };
    await createConsoleSender(out).send({ kind: 'document', to: { platform: 'console', id: 'siti' }, file, text: 'Kartu Data Anda' });
    const printed = String(out.read());
    expect(printed).toContain('siti');
    expect(printed).toContain('Kartu Data Siti.pdf (13 KB');
    expect(printed).toContain(file.path);
    expect(printed).toContain('Kartu Data Anda');
  });

  it.each([
    [512, '512 B'],
    [12_800, '13 KB'],
    [3_500_000, '3.3 MB'],
  ])('%i bytes read as %s', (bytes, text) => expect(sizeText(bytes)).toBe(text));
});
