import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

let tsxApiUrl: string | undefined;

/** The ESM entry of tsx's register API (createRequire would give its CommonJS twin, which fails in a worker). */
function tsxApi(): string {
  if (!tsxApiUrl) {
    const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
    const exports = JSON.parse(readFileSync(packageJson, 'utf8')).exports as Record<string, { import: { default: string } }>;
    const entry = exports['./esm/api']?.import.default;
    if (!entry) throw new Error('tsx has no ./esm/api export');
    tsxApiUrl = new URL(entry, pathToFileURL(packageJson)).href;
  }
  return tsxApiUrl;
}

/**
 * Starts a worker thread from a module of this project. A .ts module (under tsx or vitest) is loaded
 * through tsx's loader, registered inside the worker: on Node 20, `execArgv: ['--import', 'tsx']` does
 * not apply to a worker's entry module, and vitest's own transform never reaches worker threads.
 */
export function spawnWorker(module: URL, options: WorkerOptions = {}): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, options);
  const code =
    `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}
