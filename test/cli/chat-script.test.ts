import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER_CSV, NIP } from '../helpers/script-driver.js';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const MAIN = join(process.cwd(), 'src', 'cli', 'main.ts');

let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bangkom-cli-'));
  env = { ...process.env, BANGKOM_DB: join(dir, 'db.json'), BANGKOM_NOW: '2026-11-22T03:00:00Z' };
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function cli(args: string[], input?: string) {
  const child = run(TSX, [MAIN, ...args], { env, cwd: process.cwd() });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  return child;
}

describe('bangkom CLI: roster import, invite, chat --script', () => {
  it('imports the roster, issues an invite, and runs a scripted conversation with one ack per line', async () => {
    const csv = join(dir, 'roster.csv');
    await writeFile(csv, `${ROSTER_CSV}\n12345,Rusak,X,Y,,,\n`);
    const imported = await cli(['roster', 'import', csv]);
    expect(imported.stdout).toContain('5 new');
    expect(imported.stdout).toContain('line 7: nip: NIP harus 18 digit angka');

    const invite = JSON.parse((await cli(['invite', NIP.siti, '--json'])).stdout) as { nip: string; code: string };
    expect(invite.nip).toBe(NIP.siti);
    expect(invite.code).toMatch(/^[A-Z0-9]{12}$/);

    const events = [
      { from: 'siti', text: `daftar ${invite.code}` },
      { from: 'siti', text: 'lapor webinar' },
      { from: 'siti', press: 'r:no-such-step:x' },
      'this is not json',
      { from: 'siti', text: 'batal' },
      { from: 'siti', text: 'berapa JP saya tahun ini?' },
    ];
    const { stdout } = await cli(['chat', '--script'], events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n') + '\n');
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => 'ack' in l).map((l) => l.ack)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines[0]).toMatchObject({ to: 'siti' });
    expect(String(lines[0]!.text)).toContain('Siti Rahmawati');
    expect(lines.some((l) => String(l.text).includes('Seminar. Apa nama/judul kegiatannya?'))).toBe(true);
    expect(lines.some((l) => l.error === 'invalid JSON' && l.line === 4)).toBe(true);
    expect(lines.some((l) => String(l.text).includes('JP Anda tahun 2026'))).toBe(true);
  });

  it('refuses an invite for a NIP outside the roster with a one-line message and exit code 2', async () => {
    await expect(cli(['invite', '199912312020121999'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not in the roster'),
    });
  });
});
