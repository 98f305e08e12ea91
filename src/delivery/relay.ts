import type { Platform } from '../chat/events.js';
import type { OutboundRecord, OutboundSettlement, Store } from '../domain/store.js';
import type { Outbox } from './outbox.js';

export interface RelayLog {
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

export interface RelayOptions {
  /** Platforms this relay sends for (those with a sender in the outbox); others' messages stay pending. */
  platforms: Platform[];
  /** How often pending messages are looked at again besides commits (messages given up for now); default 30 s. */
  rescanMs?: number;
  /** Messages read from the store per scan (default 5000). */
  batch?: number;
  /**
   * A platform refused our credentials (revoked token): its messages stay pending, nothing more is sent
   * there, and this is called once per platform; the assistant stops (exit 1) so an operator can act.
   */
  onFatal?: (platform: Platform, error: string) => void;
  /**
   * Several processes on one store: only the holder of this lease sends (at the platforms' pace), renewing
   * it at every scan; when the holder dies another takes over within `ttlMs`. Default: no lease.
   */
  lease?: { owner: string; ttlMs: number };
}

/** A settlement, and the account to mark unreachable with it (in the same commit). */
type Settling = { settlement: OutboundSettlement; unreachable?: { platform: Platform; id: string } };

export const RELAY_LEASE = 'relay';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Sends what the store's outbox holds (messages committed with their turn), through the outbox's pacing
 * and retries, in commit order, and marks each one delivered as soon as its platform accepted it, or
 * failed for good with the reason. After a crash, the messages not yet marked are sent again: delivery
 * is at least once, and what can repeat is a message accepted by the platform in the moment before its
 * mark was written. Messages given up for now (an outage past the outbox's retry horizon) stay pending
 * and are tried again at the next scan.
 */
export class Relay {
  readonly #inFlight = new Set<string>();
  readonly #sending = new Set<Promise<void>>();
  #settle: Settling[] = [];
  /** Delivered (or refused) but the mark could not be written: kept from being sent again, marked later. */
  #unmarked: Settling[] = [];
  /** Platforms whose credentials were refused: nothing more is handed to them. */
  readonly #dead = new Set<Platform>();

  /** The platforms that refused our credentials (fatal), with the error. */
  get deadPlatforms(): ReadonlyMap<Platform, string> {
    return this.#deadWhy;
  }
  readonly #deadWhy = new Map<Platform, string>();
  /** The last scan read as many as it may: more are waiting, so marks written call for another scan. */
  #lastScanFull = false;
  #settling: Promise<void> | undefined;
  #scanning: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #stopped = false;
  #leader: boolean | undefined;
  /**
   * Ids marked while a scan reads the outbox: its read may have begun before their marks committed and
   * show them still pending, after they left #inFlight (a slow read, as on PostgreSQL under load).
   */
  #markedDuringRead: Set<string> | undefined;

  constructor(
    private readonly store: Store,
    private readonly outbox: Outbox,
    private readonly log: RelayLog,
    private readonly opts: RelayOptions,
  ) {}

  /** Sends what is pending now and, from then on, what every commit queues. */
  start(): void {
    this.#unsubscribe = this.store.onOutbound(() => this.kick());
    const lease = this.opts.lease;
    // A lease is renewed well within its time, and a standby looks often enough to take over within it.
    const rescan = Math.min(this.opts.rescanMs ?? 30_000, lease ? Math.max(50, Math.floor(lease.ttlMs / 3)) : Infinity);
    this.#timer = setInterval(() => this.kick(), rescan);
    this.#timer.unref();
    this.kick();
  }

  /** Looks at the outbox now (coalesced with a scan in progress). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#scanning) {
      this.#again = true;
      return;
    }
    this.#scanning = this.#scan().finally(() => {
      this.#scanning = undefined;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    });
  }

  /** One sender per store for every platform: processes started with other platforms wait their turn. */
  get #leaseName(): string {
    return RELAY_LEASE;
  }

  /** True when this relay may send now (no lease configured, or it holds the lease). */
  async #mayLead(): Promise<boolean> {
    const lease = this.opts.lease;
    if (!lease) return true;
    let held: boolean;
    try {
      held = await this.store.holdLease(this.#leaseName, lease.owner, lease.ttlMs);
    } catch (err) {
      this.log.error('relay: could not renew its lease', { error: messageOf(err) });
      held = false;
    }
    if (held !== this.#leader) {
      this.log.info(held ? 'relay: this process sends the outbox' : 'relay: another process sends the outbox; standing by', {
        owner: lease.owner,
      });
      this.#leader = held;
    }
    return held;
  }

  async #scan(): Promise<void> {
    if (!(await this.#mayLead())) return;
    if (this.#unmarked.length > 0) {
      this.#settle.unshift(...this.#unmarked);
      this.#unmarked = [];
      await this.#flushSettlements();
    }
    let pending: OutboundRecord[];
    const limit = this.opts.batch ?? 5000;
    const marked = new Set<string>();
    this.#markedDuringRead = marked;
    try {
      pending = await this.store.pendingOutbound({ platforms: this.opts.platforms, limit });
      this.#lastScanFull = pending.length >= limit;
    } catch (err) {
      this.log.error('relay: could not read the outbox', { error: messageOf(err) });
      return;
    } finally {
      this.#markedDuringRead = undefined;
    }
    // Handed to the outbox synchronously in commit order: its per-chat queues keep that order.
    for (const record of pending) {
      if (this.#stopped) return;
      if (this.#inFlight.has(record.id) || marked.has(record.id) || this.#dead.has(record.message.to.platform)) continue;
      this.#inFlight.add(record.id);
      const sending = this.#send(record);
      this.#sending.add(sending);
      void sending.finally(() => this.#sending.delete(sending));
    }
  }

  async #send(record: OutboundRecord): Promise<void> {
    let settlement: Settling | undefined;
    const { to } = record.message;
    try {
      const report = await this.outbox.deliver([record.message]);
      const failure = report.failed[0];
      if (!failure) settlement = { settlement: { id: record.id, delivered: true } };
      else if (failure.reason === 'permanent' || failure.reason === 'no-sender' || failure.reason === 'unreachable') {
        const at = new Date().toISOString();
        settlement = {
          settlement: { id: record.id, failed: failure.error, at },
          ...(failure.reason === 'unreachable' ? { unreachable: { platform: to.platform, id: to.id } } : {}),
        };
        const log = failure.reason === 'unreachable' ? this.log.warn : this.log.error;
        log.call(this.log, failure.reason === 'unreachable' ? 'recipient unreachable; no reminders until they write again' : 'message refused for good', {
          id: record.id,
          to,
          kind: record.message.kind,
          error: failure.error,
        });
      } else if (failure.reason === 'fatal' && !this.#dead.has(to.platform)) {
        this.#dead.add(to.platform);
        this.#deadWhy.set(to.platform, failure.error);
        this.log.error('platform refused our credentials: its messages stay in the outbox', { platform: to.platform, error: failure.error });
        this.opts.onFatal?.(to.platform, failure.error);
      }
    } catch (err) {
      this.log.error('relay: delivery failed', { id: record.id, error: messageOf(err) });
    }
    if (!settlement) {
      // Given up for now, or the outbox closed: still pending, tried again at the next scan or start.
      this.#inFlight.delete(record.id);
      return;
    }
    // The id stays in flight until its mark is written, so no scan sends it again meanwhile.
    this.#settle.push(settlement);
    await this.#flushSettlements();
  }

  /** Marks are written in small batches: one commit for every send that finished meanwhile. */
  #flushSettlements(): Promise<void> {
    this.#settling ??= (async () => {
      while (this.#settle.length > 0) {
        const batch = this.#settle;
        this.#settle = [];
        try {
          await this.store.transaction(async (tx) => {
            await tx.settleOutbound(batch.map((s) => s.settlement));
            for (const s of batch) {
              if (s.unreachable && 'at' in s.settlement) await tx.setUnreachable(s.unreachable.platform, s.unreachable.id, s.settlement.at);
            }
          });
          for (const s of batch) {
            this.#inFlight.delete(s.settlement.id);
            this.#markedDuringRead?.add(s.settlement.id);
          }
        } catch (err) {
          // Not marked: kept in flight (never sent again by this process) and marked at a later scan; only
          // a restart before then sends them once more (at least once).
          this.#unmarked.push(...batch);
          this.log.error('relay: could not mark messages delivered; will retry', { count: batch.length, error: messageOf(err) });
          break;
        }
      }
    })().finally(() => {
      this.#settling = undefined;
      if (this.#lastScanFull && this.#unmarked.length === 0) this.kick();
    });
    return this.#settling;
  }

  /** Resolves when nothing is being sent or marked. */
  async idle(): Promise<void> {
    while (this.#scanning || this.#sending.size > 0 || this.#settling) {
      await Promise.allSettled([this.#scanning, ...this.#sending, this.#settling]);
    }
  }

  /**
   * Sends until the outbox holds nothing pending for this relay's platforms, or `timeoutMs` passed
   * (the CLI's `remind`: deliver what the run committed, then exit).
   */
  async drain(timeoutMs: number): Promise<number> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      this.kick();
      await this.idle();
      const left = await this.store.pendingOutbound({ platforms: this.opts.platforms });
      // A platform that refused our credentials sends nothing more: no use waiting for it.
      const live = left.filter((r) => !this.#dead.has(r.message.to.platform));
      if (live.length === 0 || Date.now() >= until || this.#stopped) return left.length;
      await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(0, until - Date.now()))));
    }
  }

  /** Stops scanning; sends in progress end with the outbox (close it), then their marks are written. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer) clearInterval(this.#timer);
    // A clean stop hands over at once: the standby takes the lease at its next look.
    if (this.opts.lease && this.#leader) await this.store.releaseLease(this.#leaseName, this.opts.lease.owner).catch(() => undefined);
  }
}
