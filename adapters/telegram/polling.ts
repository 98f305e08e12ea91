import { setTimeout as delay } from 'node:timers/promises';
import { GrammyError, HttpError, type Api } from 'grammy';
import type { Update } from 'grammy/types';

export interface PollingOptions {
  api: Api;
  allowedUpdates: readonly string[];
  /** Handles one update; resolves once its turn is committed (or it was dropped on purpose). */
  handle: (update: Update) => Promise<void>;
  /** Pause after a failed getUpdates (network, 5xx), default 3 s. */
  retryMs?: number;
  /** Long-poll timeout in seconds (default 25). */
  timeoutS?: number;
  /** Polling stopped for good (401, 409): nothing but a restart or an operator mends it. */
  onFatal: (err: unknown) => void;
  onError: (err: unknown) => void;
  /** The confirmation at stop did not go through in time (the updates come again after a restart; dedupe drops them). */
  onConfirmFailed: (err: unknown) => void;
  /**
   * How long an update still being handled holds the offset back (default 30 s). Telegram returns at most
   * 100 updates from the offset: held for ever by one slow turn, it would stop everyone's updates.
   */
  holdMs?: number;
  /** An update was handled for longer than holdMs and is confirmed before its turn is committed. */
  onHoldReleased?: (updateId: number) => void;
}

export interface Polling {
  /** Stops fetching, waits for the updates in hand, then confirms them to Telegram (briefly). */
  stop(confirmTimeoutMs: number): Promise<void>;
}

const isFatal = (err: unknown) => err instanceof GrammyError && (err.error_code === 401 || err.error_code === 409);

/**
 * Long polling that confirms an update to Telegram only once it is handled. Telegram confirms every
 * update below the `offset` of the next getUpdates; the offset here is the lowest update still being
 * handled, so a crash mid-turn never loses one: Telegram sends it again, and updates already committed
 * after it are recognised by the inbound dedupe of the store. Updates run concurrently (the bot's
 * sequentialize keeps one user's in order). One turn taking longer than `holdMs` stops holding the offset,
 * so that it cannot stall everyone's updates behind it.
 */
export function startPolling(opts: PollingOptions): Polling {
  const abort = new AbortController();
  const inHand = new Map<number, Promise<void>>();
  /** When each update in hand arrived (performance.now()), for holdMs. */
  const since = new Map<number, number>();
  const holdMs = opts.holdMs ?? 30_000;
  /** Highest update id received so far. */
  let highest: number | undefined;
  let stopped = false;

  const offset = () => {
    const now = performance.now();
    let lowest: number | undefined;
    for (const [id, at] of since) {
      if (now - at < holdMs) lowest = lowest === undefined ? id : Math.min(lowest, id);
      else {
        since.delete(id);
        opts.onHoldReleased?.(id);
      }
    }
    if (lowest !== undefined) return lowest;
    return highest === undefined ? undefined : highest + 1;
  };

  const loop = (async () => {
    while (!stopped) {
      let updates: Update[];
      try {
        const from = offset();
        updates = await opts.api.getUpdates(
          { ...(from !== undefined ? { offset: from } : {}), timeout: opts.timeoutS ?? 25, allowed_updates: [...opts.allowedUpdates] as never },
          abort.signal as never,
        );
      } catch (err) {
        if (stopped) break;
        if (isFatal(err)) {
          stopped = true;
          opts.onFatal(err);
          break;
        }
        if (!(err instanceof HttpError || err instanceof GrammyError)) opts.onError(err);
        await delay(opts.retryMs ?? 3000, undefined, { signal: abort.signal }).catch(() => undefined);
        continue;
      }
      let fresh = 0;
      for (const update of updates) {
        const id = update.update_id;
        if (inHand.has(id) || (highest !== undefined && id <= highest)) continue;
        fresh++;
        highest = id;
        const task = opts
          .handle(update)
          .catch((err: unknown) => opts.onError(err))
          .finally(() => {
            inHand.delete(id);
            since.delete(id);
          });
        inHand.set(id, task);
        since.set(id, performance.now());
      }
      // Only updates still in hand came back: wait for one of them rather than asking again at once.
      if (fresh === 0 && inHand.size > 0) {
        await Promise.race([...inHand.values(), delay(1000, undefined, { signal: abort.signal }).catch(() => undefined)]);
      }
    }
  })();

  return {
    async stop(confirmTimeoutMs) {
      stopped = true;
      abort.abort();
      await loop;
      while (inHand.size > 0) await Promise.allSettled([...inHand.values()]);
      const from = offset();
      if (from === undefined) return;
      // Confirm what is handled, so a restart does not fetch it again (the dedupe would drop it anyway).
      await opts.api
        .getUpdates({ offset: from, limit: 1, timeout: 0 }, AbortSignal.timeout(confirmTimeoutMs) as never)
        .catch((err: unknown) => opts.onConfirmFailed(err));
    },
  };
}
