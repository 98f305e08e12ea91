import { rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const OCR_LANGUAGES = ['ind', 'eng'] as const;

/** Where npm put a language's data: @tesseract.js-data/<lang>/4.0.0_best_int/<lang>.traineddata.gz. */
function packagedFile(lang: string): string {
  const packageJson = createRequire(import.meta.url).resolve(`@tesseract.js-data/${lang}/package.json`);
  return join(dirname(packageJson), '4.0.0_best_int', `${lang}.traineddata.gz`);
}

/**
 * tesseract.js reads every language from one folder (langPath); npm puts each in its own package. So the
 * files are copied, at first use, into a fresh folder of this process under the OS temp dir (nothing is
 * written into the project, and nothing is downloaded). The caller removes it with `removeLanguageFolder`;
 * a process that exits without doing so removes it on exit.
 */
export async function makeLanguageFolder(parent = tmpdir()): Promise<string> {
  await mkdir(parent, { recursive: true });
  const folder = await mkdtemp(join(parent, 'bangkom-tessdata-'));
  removeAtExit(folder);
  for (const lang of OCR_LANGUAGES) {
    const source = packagedFile(lang);
    await stat(source);
    await copyFile(source, join(folder, `${lang}.traineddata.gz`));
  }
  return folder;
}

/** Folders made and not removed yet: removed when the process exits without close(). */
const pending = new Set<string>();
let exitHooked = false;

function removeAtExit(folder: string): void {
  pending.add(folder);
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const f of pending) rmSync(f, { recursive: true, force: true });
  });
}

export async function removeLanguageFolder(folder: string): Promise<void> {
  pending.delete(folder);
  await rm(folder, { recursive: true, force: true });
}
