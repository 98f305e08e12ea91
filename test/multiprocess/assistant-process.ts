import { spawn, type ChildProcess } from 'node:child_process';
import { FAKE_TOKEN } from '../../adapters/telegram/testing/fake-bot-api.js';

/** The public webhook address every process registers (a load balancer would spread it over them). */
export const WEBHOOK_URL = 'https://bangkom.example.go.id/telegram/webhook';
export const WEBHOOK_PATH = new URL(WEBHOOK_URL).pathname;

export interface AssistantOptions {
  databaseUrl: string;
  /** TELEGRAM_API_ROOT: this process's proxy in front of the fake Bot API. */
  apiRoot: string;
  secret: string;
  /** BANGKOM_NOW: a fixed "now", so every text the assistant writes is known beforehand. */
  now: string;
}

/** One JSON log line of the assistant (pino on stderr). */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/**
 * A real assistant process: `node --import tsx src/cli/main.ts start` (what `npm start` runs, without
 * the tsx wrapper process, so that the pid we signal is the one in its lease owner), in Telegram
 * webhook mode on a free port, on PostgreSQL.
 */
export class AssistantProcess {
  readonly child: ChildProcess;
  readonly logs: LogLine[] = [];
  stderr = '';
  port = 0;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    opts: AssistantOptions,
  ) {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|TELEGRAM_|BANGKOM_|PORT$|HOST$|LOG_LEVEL$)/.test(k)) env[k] = v;
    Object.assign(env, {
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: opts.apiRoot,
      TELEGRAM_WEBHOOK_URL: WEBHOOK_URL,
      TELEGRAM_WEBHOOK_PORT: '0',
      TELEGRAM_WEBHOOK_SECRET: opts.secret,
      HOST: '127.0.0.1',
      BANGKOM_DATABASE_URL: opts.databaseUrl,
      BANGKOM_NOW: opts.now,
      // No reminder run may fall into the test (a run would write to everyone's chat).
      BANGKOM_REMIND_CRON: '0 8 1 1 *',
    });
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    let partial = '';
    this.child.stderr!.on('data', (d: Buffer) => {
      const text = d.toString();
      this.stderr += text;
      partial += text;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          // not a log line (a stack trace of a crash): kept in stderr
        }
      }
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once the process serves its webhook and runs (its port known). */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hook = this.logs.find((l) => l.msg === 'telegram: receiving by webhook');
      if (hook && this.logs.some((l) => l.msg === 'bangkom-bot running')) {
        this.port = Number(hook.port);
        return;
      }
      if (!this.alive) throw new Error(`${this.name} exited before it ran: ${this.stderr.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not start within ${timeoutMs} ms: ${this.stderr.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** POSTs one update to this process's webhook, as Telegram (or a load balancer) does; resolves with the status. */
  async post(update: Record<string, unknown>, secret: string): Promise<number> {
    const res = await fetch(`http://127.0.0.1:${this.port}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(update),
    });
    await res.text();
    return res.status;
  }

  errors(): LogLine[] {
    return this.logs.filter((l) => (l.level ?? 0) >= 50);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }
}

/** Runs the real CLI (`bangkom <args>`) once and resolves with its output; throws on a non-zero exit. */
export function runCli(args: string[], databaseUrl: string, now: string): Promise<string> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|TELEGRAM_|BANGKOM_)/.test(k)) env[k] = v;
  Object.assign(env, { BANGKOM_DATABASE_URL: databaseUrl, BANGKOM_NOW: now });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`bangkom ${args.join(' ')} exited ${code}: ${err}${out}`))));
  });
}
