import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openLowdbStore } from '../../src/store/lowdb-store.js';

const WRITER = join(import.meta.dirname, 'fixtures', 'filling-disk-writer.ts');

it('a disk that fills up mid-append (short writes, then EFBIG): every acknowledged commit is there, and the store opens', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bangkom-full-'));
  try {
    const db = join(dir, 'db.json');
    // 64 blocks of 512 bytes: the journal fills up after about 20 commits, the first refusal a short write.
    const out = await new Promise<string>((resolve, reject) =>
      execFile('bash', ['-c', `ulimit -f 64; exec "${process.execPath}" --import tsx "${WRITER}" "${db}"`], { timeout: 30_000 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    );
    const acked = out.split('\n').filter((l) => l.startsWith('ack ')).map((l) => `k${l.slice(4)}`);
    expect(acked.length).toBeGreaterThan(5);
    expect(out).toContain('fail ');
    const store = await openLowdbStore(db);
    try {
      const present = [];
      for (let i = 0; i < 40; i++) if (await store.getState(`k${i}`)) present.push(`k${i}`);
      expect(present).toEqual(acked);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
