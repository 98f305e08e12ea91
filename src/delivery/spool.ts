import { readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { OutboundMessage, Platform } from '../chat/events.js';
import { writeFileAtomic } from '../store/atomic-file.js';
import type { Outbox } from './outbox.js';
import type { DeliveryReport } from './types.js';

/** What the spool tells about (the assistant's logger fits). */
export interface SpoolLog {
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

const KIND = 'bangkom/outbox-spool';
const VERSION = 1;
const PLATFORMS: readonly Platform[] = ['console', 'telegram', 'slack'];

interface SpoolFile {
  kind: typeof KIND;
  version: typeof VERSION;
  savedAt: string;
  messages: OutboundMessage[];
}

/**
 * The spool file of a database, next to it and derived from its path like the store's own files:
 * `data/db.json` → `data/db.outbox.json`.
 */
export function spoolFileFor(dbPath: string): string {
  const main = path.resolve(dbPath);
  const base = main.toLowerCase().endsWith('.json') ? main.slice(0, -'.json'.length) : main;
  return `${base}.outbox.json`;
}

function isMessage(m: unknown): m is OutboundMessage {
  if (typeof m !== 'object' || m === null) return false;
  const { kind, to } = m as { kind?: unknown; to?: { platform?: unknown; id?: unknown } };
  return (
    typeof kind === 'string' &&
    typeof to === 'object' &&
    to !== null &&
    PLATFORMS.includes(to.platform as Platform) &&
    typeof to.id === 'string'
  );
}

function decode(text: string): OutboundMessage[] {
  const json = JSON.parse(text) as Partial<SpoolFile>;
  if (json?.kind !== KIND || json.version !== VERSION || !Array.isArray(json.messages)) {
    throw new Error(`not a ${KIND} v${VERSION} file`);
  }
  const bad = json.messages.findIndex((m) => !isMessage(m));
  if (bad >= 0) throw new Error(`message ${bad} is not an outbound message`);
  return json.messages;
}

export interface RedeliveryReport extends DeliveryReport {
  /** Messages read from the spool. */
  loaded: number;
  /** Left in the spool: for a platform without a sender in this run. */
  kept: OutboundMessage[];
}

/**
 * Messages the outbox could not deliver before the assistant stopped, saved atomically next to the db and
 * delivered again at the next start. The file is only written while the store's lock is held (between
 * opening the app and closing it), so two processes never write it at once.
 *
 * - save(): writes the messages (plus any loaded ones kept for a platform without a sender now), or
 *   removes the file when there is nothing; writes are serialised, the last one wins.
 * - redeliver(): hands the spooled messages to the outbox; the file stays until they are handled (a crash
 *   meanwhile delivers them again at the next start: at least once) and is then rewritten with what is still
 *   undelivered (given up, or kept), or removed.
 */
export class OutboxSpool {
  #kept: OutboundMessage[] = [];
  /** The file's messages were read (by load or redeliver): from then on this object owns them. */
  #claimed = false;
  #chain: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly log?: SpoolLog,
  ) {}

  /**
   * The spooled messages; none when there is no file. A file that cannot be read as a spool is moved
   * aside (`<file>.corrupt-<time>`) and reported, so that the start goes on and nobody loses the content.
   */
  async load(): Promise<OutboundMessage[]> {
    this.#claimed = true;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    try {
      return decode(text);
    } catch (err) {
      const aside = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.file, aside);
      this.log?.error('outbox spool unreadable; moved aside', { file: this.file, movedTo: aside, error: (err as Error).message });
      return [];
    }
  }

  /**
   * Replaces the spool with `messages` (and the loaded ones kept for a platform without a sender). When the
   * file was never read by this object (the assistant stopped before redelivering it), its messages are
   * kept too: nothing spooled is ever overwritten unseen.
   */
  save(messages: OutboundMessage[]): Promise<void> {
    const given = [...messages];
    const next = this.#chain.then(async () => {
      if (!this.#claimed) this.#kept = [...(await this.load()), ...this.#kept];
      const all = [...this.#kept, ...given];
      if (all.length === 0) {
        await unlink(this.file).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
        return;
      }
      const content: SpoolFile = { kind: KIND, version: VERSION, savedAt: new Date().toISOString(), messages: all };
      await writeFileAtomic(this.file, `${JSON.stringify(content, null, 1)}\n`);
    });
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Delivers the spooled messages through `outbox` (whose senders must be added already). Those for a
   * platform without a sender stay in the file. Once the outbox has handled them all, the file keeps only
   * what is still undelivered; unless the outbox was closed meanwhile (shutdown), whose close() hands the
   * undelivered ones to the next save().
   */
  async redeliver(outbox: Outbox): Promise<RedeliveryReport> {
    const loaded = await this.load();
    if (loaded.length === 0) return { loaded: 0, sent: 0, failed: [], kept: [] };
    const deliverable = loaded.filter((m) => outbox.has(m.to.platform));
    this.#kept = loaded.filter((m) => !outbox.has(m.to.platform));
    if (this.#kept.length > 0) {
      this.log?.warn('spooled messages kept for a platform that is not configured', {
        count: this.#kept.length,
        platforms: [...new Set(this.#kept.map((m) => m.to.platform))],
      });
    }
    this.log?.info('delivering spooled messages', { file: this.file, count: deliverable.length });
    const report = await outbox.deliver(deliverable);
    if (!outbox.closed) await this.save(report.failed.filter((f) => f.reason === 'gave-up').map((f) => f.message));
    return { loaded: loaded.length, ...report, kept: this.#kept };
  }
}
