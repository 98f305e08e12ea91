import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { CORPUS } from './fixtures/corpus.js';
import { textPdf } from './fixtures/render-pdf.js';

const run = promisify(execFile);
let folder: string | undefined;
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

// The PDF worker is a .ts module: it must start under tsx (how the bot runs) as well as under vitest.
it('reads a certificate PDF in a process started with tsx, and the process exits after close', async () => {
  folder = await mkdtemp(join(tmpdir(), 'cert-tsx-'));
  const file = join(folder, 'sertifikat.pdf');
  const certificate = CORPUS[0]!;
  await writeFile(file, await textPdf(certificate.pages));
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  const script = new URL('./fixtures/read-file.ts', import.meta.url).pathname;
  const { stdout } = await run(process.execPath, [tsxCli, script, file], { timeout: 15_000 });
  const reading = JSON.parse(stdout);
  expect(reading).toMatchObject({ ok: true, source: 'pdf-text', fields: certificate.expected });
});

it('removes the OCR language folder when the process exits without close()', async () => {
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  const script = new URL('./fixtures/exit-without-close.ts', import.meta.url).pathname;
  const { stdout: folder } = await run(process.execPath, [tsxCli, script], { timeout: 15_000 });
  expect(folder).toMatch(/bangkom-tessdata-/);
  expect(existsSync(folder)).toBe(false);
});
