import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

let tsxLoaderUrl: string | undefined;

/** tsx's ESM loader (what `--import tsx` loads), as a file URL: a bare `tsx` would be looked up from the child's working folder. */
function tsxLoader(): string {
  if (!tsxLoaderUrl) {
    const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
    const main = (JSON.parse(readFileSync(packageJson, 'utf8')) as { exports: Record<string, unknown> }).exports['.'];
    const entry = typeof main === 'string' ? main : (main as { import?: string } | undefined)?.import;
    if (typeof entry !== 'string') throw new Error('tsx has no ESM entry');
    tsxLoaderUrl = new URL(entry, pathToFileURL(packageJson)).href;
  }
  return tsxLoaderUrl;
}

export interface ChildLimits {
  /** V8 old-generation heap limit of the child, in MB. */
  heapMb?: number;
  /** V8 semi-space size of the child, in MB. */
  semiSpaceMb?: number;
}

/**
 * Starts a child process (Node, IPC with structured-clone serialization so typed arrays pass) running a module
 * of this project. A .ts module (under tsx or vitest) is loaded through tsx's loader. The child's own flags
 * replace the parent's (vitest's or tsx's). Its stderr is piped so that the caller can tell why it died.
 */
export function forkWorker(module: URL, limits: ChildLimits = {}): ChildProcess {
  const execArgv: string[] = [];
  if (limits.heapMb !== undefined) execArgv.push(`--max-old-space-size=${limits.heapMb}`);
  if (limits.semiSpaceMb !== undefined) execArgv.push(`--max-semi-space-size=${limits.semiSpaceMb}`);
  if (module.pathname.endsWith('.ts')) execArgv.push('--import', tsxLoader());
  return fork(fileURLToPath(module), [], {
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
}
