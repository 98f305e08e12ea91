import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Engine } from '../../src/engine/engine.js';
import { linkDirectly } from '../../src/engine/direct-link.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { StoreError } from '../../src/store/errors.js';
import type { Button, InboundEvent, OutboundMessage } from '../../src/chat/events.js';
import { saveDocument } from './downloads.js';

const MIME_BY_EXT: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/** The store could not make the write durable: nothing changed (as the engine tells them apart). */
const STORE_FAILURES = new Set<StoreError['code']>(['io', 'conflict', 'not-open', 'read-only']);

/** A delivered console message, numbered so that a later press can edit it. */
export interface ConsoleMessage {
  ref: string;
  message: OutboundMessage;
  /** A document to a console user: where its copy was saved, or why it could not be. */
  saved?: { path: string } | { error: string };
}

export interface ConsoleSessionOptions {
  /** Where documents sent to console users are saved (default `<data dir>/unduhan`). */
  downloads?: string;
}

/**
 * Console accounts talking to the engine: remembers the buttons each user was shown last,
 * so that a press may name a button by its id or by its label.
 */
export class ConsoleSession {
  private seq = 0;
  private buttons = new Map<string, { button: Button; ref: string }[]>();
  /** Outbox ids of messages handed to the caller and not yet marked delivered (see settle). */
  private unsettled: string[] = [];

  private readonly downloads: string;

  constructor(
    private readonly engine: Engine,
    opts: ConsoleSessionOptions = {},
  ) {
    this.downloads = opts.downloads ?? join(engine.deps.dataDir || '.', 'unduhan');
  }

  /**
   * Marks the messages handed out so far as delivered in the store's outbox; call it once they are
   * written (a crash before leaves them pending: at least once).
   */
  async settle(): Promise<void> {
    const ids = this.unsettled;
    this.unsettled = [];
    if (ids.length > 0) await this.engine.deps.store.settleOutbound(ids.map((id) => ({ id, delivered: true as const })));
  }

  async text(from: string, text: string): Promise<ConsoleMessage[]> {
    return this.dispatch({ kind: 'text', from: { platform: 'console', id: from }, text });
  }

  async press(from: string, idOrLabel: string): Promise<ConsoleMessage[]> {
    const shown = this.buttons.get(from) ?? [];
    const wanted = idOrLabel.trim().toLowerCase();
    const hit =
      shown.find((b) => b.button.id === idOrLabel) ?? shown.find((b) => b.button.label.trim().toLowerCase() === wanted);
    return this.dispatch({
      kind: 'press',
      from: { platform: 'console', id: from },
      action: hit?.button.id ?? idOrLabel,
      ...(hit ? { messageRef: hit.ref, label: hit.button.label } : {}),
    });
  }

  /** A file from disk; a missing file is reported as an error, never sent to the engine. */
  async file(from: string, name: string, path: string): Promise<ConsoleMessage[] | { error: string }> {
    let size: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) return { error: `not a file: ${path}` };
      size = info.size;
    } catch {
      return { error: `file not found: ${path}` };
    }
    const mime = MIME_BY_EXT[extname(name || path).toLowerCase()] ?? 'application/octet-stream';
    return this.dispatch({
      kind: 'file',
      from: { platform: 'console', id: from },
      file: { name: name || path, mime, size, fetch: async () => new Uint8Array(await readFile(path)) },
    });
  }

  /**
   * Links console account `user` to employee `nip` (the demo's `/as`), and hands out what waited for
   * them: their pending approval requests, committed with the link and settled like any reply. Nothing
   * when the account is linked to that employee already.
   */
  async link(user: string, nip: string): Promise<{ linked: boolean; messages: ConsoleMessage[] }> {
    try {
      const result = await linkDirectly(this.engine.deps, { platform: 'console', id: user }, nip);
      return { linked: result.linked, messages: await this.deliver(result.messages, result.ids) };
    } catch (err) {
      if (!(err instanceof StoreError && STORE_FAILURES.has(err.code))) throw err;
      // Nothing was stored, so neither is this reply (as the engine answers a turn the store refused).
      const text = catalog((await this.engine.deps.store.getEmployee(nip).catch(() => undefined))?.lang).storeFailed;
      return { linked: false, messages: await this.deliver([{ kind: 'send', to: { platform: 'console', id: user }, text }], []) };
    }
  }

  /** Buttons most recently shown to a user, newest message first. */
  shownButtons(user: string): Button[] {
    return (this.buttons.get(user) ?? []).map((b) => b.button);
  }

  private async dispatch(event: InboundEvent): Promise<ConsoleMessage[]> {
    const result = await this.engine.handleTurn(event);
    return await this.deliver(result.messages, result.ids);
  }

  /**
   * Numbers the messages for the caller to print, and saves the documents sent to console users; their
   * outbox ids wait for settle().
   */
  private async deliver(out: OutboundMessage[], ids: string[]): Promise<ConsoleMessage[]> {
    this.unsettled.push(...ids);
    const delivered: ConsoleMessage[] = [];
    for (const message of out) {
      if (message.kind === 'document') {
        const ref = String(++this.seq);
        if (message.to.platform !== 'console') delivered.push({ ref, message });
        else delivered.push({ ref, message, saved: await this.save(message.file) });
        continue;
      }
      const ref = message.kind === 'send' ? String(++this.seq) : message.messageRef;
      if (message.to.platform === 'console') this.remember(message.to.id, ref, message);
      delivered.push({ ref, message });
    }
    return delivered;
  }

  private async save(file: Extract<OutboundMessage, { kind: 'document' }>['file']): Promise<ConsoleMessage['saved']> {
    try {
      return { path: await saveDocument(this.engine.deps.store, file, this.downloads) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  private remember(user: string, ref: string, message: OutboundMessage): void {
    const rows = message.kind === 'retire' ? [] : (message.buttons ?? []);
    const previous = (this.buttons.get(user) ?? []).filter((b) => b.ref !== ref);
    if (message.kind === 'send' && rows.length === 0) return;
    const fresh = rows.flat().map((button) => ({ button, ref }));
    // Newest first, and only a bounded memory of older keyboards.
    this.buttons.set(user, [...fresh, ...previous].slice(0, 60));
  }
}
