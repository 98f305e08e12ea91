import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { runScript } from '../../adapters/console/script.js';
import type { Clock } from '../../src/config.js';
import { importRoster } from '../../src/domain/roster.js';
import { issueInvite } from '../../src/domain/invites.js';
import { Engine } from '../../src/engine/engine.js';
import type { EngineDeps } from '../../src/engine/deps.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/domain/store.js';

export interface OutLine {
  to?: string;
  ref?: string;
  edit?: string;
  text?: string;
  buttons?: { id: string; label: string }[][];
  error?: string;
  ack?: number;
}

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advanceHours(h: number): void {
    this.current = new Date(this.current.getTime() + h * 3_600_000);
  }
}

export const NIP = {
  atasan: '197501012000031002',
  siti: '199003152015032001',
  andi: '198807242014031003',
  admin: '198001012005011001',
  orphan: '199512312020122004',
};

export const ROSTER_CSV = [
  'nip,nama,jabatan,unit,atasan_nip,email,role',
  `${NIP.atasan},Budi Santoso,Kepala Bidang,Bidang SDM,,budi@example.go.id,`,
  `${NIP.siti},Siti Rahmawati,Analis SDM,Bidang SDM,${NIP.atasan},siti@example.go.id,`,
  `${NIP.andi},Andi Wijaya,Pranata Komputer,Bidang SDM,${NIP.atasan},,`,
  `${NIP.admin},Rina Admin,Analis Kepegawaian,Sekretariat,,,admin`,
  `${NIP.orphan},Dewi Lestari,Staf,Sekretariat,,,`,
].join('\n');

/**
 * Drives the real script transport (`bangkom chat --script`) in-process: each call writes one JSON line
 * and resolves with the lines written for it, up to its `{"ack": n}`.
 */
export class ScriptDriver {
  private input = new PassThrough();
  private output = new PassThrough();
  private pending: OutLine[] = [];
  private waiters: (() => void)[] = [];
  private n = 0;
  private done: Promise<void>;

  constructor(readonly engine: Engine) {
    this.done = runScript(engine, this.input, this.output);
    const rl = createInterface({ input: this.output });
    rl.on('line', (line) => {
      this.pending.push(JSON.parse(line) as OutLine);
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  async send(event: unknown): Promise<OutLine[]> {
    const n = ++this.n;
    this.input.write(`${typeof event === 'string' ? event : JSON.stringify(event)}\n`);
    for (;;) {
      const i = this.pending.findIndex((l) => l.ack === n);
      if (i >= 0) return this.pending.splice(0, i + 1).slice(0, -1);
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  say(from: string, text: string): Promise<OutLine[]> {
    return this.send({ from, text });
  }

  press(from: string, press: string): Promise<OutLine[]> {
    return this.send({ from, press });
  }

  file(from: string, name: string, path: string): Promise<OutLine[]> {
    return this.send({ from, file: { name, path } });
  }

  async end(): Promise<void> {
    this.input.end();
    await this.done;
  }
}

export interface World {
  dir: string;
  dbPath: string;
  store: Store;
  clock: TestClock;
  deps: EngineDeps;
  chat: ScriptDriver;
  /** Issues an invite and links `user` (a console account) to `nip` through the chat. */
  link(user: string, nip: string): Promise<void>;
  /** Closes and reopens the store and engine on the same files, as after a restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function makeWorld(opts: { now?: string; profile?: string; roster?: string } = {}): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'bangkom-test-'));
  const dbPath = join(dir, 'db.json');
  const clock = new TestClock(new Date(opts.now ?? '2026-11-22T03:00:00Z'));
  const profile = opts.profile ?? 'lan-2018';
  const store = await openLowdbStore(dbPath);
  await importRoster(store, opts.roster ?? ROSTER_CSV, clock.now());
  const build = (s: Store): EngineDeps => ({ store: s, clock, tz: 'Asia/Jakarta', profile, dataDir: dir });
  const world: World = {
    dir,
    dbPath,
    store,
    clock,
    deps: build(store),
    chat: new ScriptDriver(new Engine(build(store))),
    async link(user, nip) {
      const invite = await issueInvite(world.store, nip, clock.now());
      const out = await world.chat.say(user, `daftar ${invite.code}`);
      if (!out.some((l) => l.text?.includes('terhubung') || l.text?.includes('linked'))) {
        throw new Error(`linking ${user} failed: ${JSON.stringify(out)}`);
      }
    },
    async restart() {
      await world.chat.end();
      await world.store.close();
      world.store = await openLowdbStore(dbPath);
      world.deps = build(world.store);
      world.chat = new ScriptDriver(new Engine(world.deps));
    },
    async close() {
      await world.chat.end();
      await world.store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return world;
}

export const texts = (lines: OutLine[]) => lines.map((l) => l.text ?? '').join('\n---\n');
export const buttonIds = (lines: OutLine[]) => lines.flatMap((l) => (l.buttons ?? []).flat().map((b) => b.id));
/** Report-dialogue button ids without their per-report stamp: `r:<nonce>:scope:nasional` → `r:scope:nasional`. */
export const stepIds = (lines: OutLine[]) => buttonIds(lines).map((id) => id.replace(/^r:[^:]+:/, 'r:'));
export const forUser = (lines: OutLine[], user: string) => lines.filter((l) => l.to === user);
