import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Engine } from '../../src/engine/engine.js';
import type { Button, InboundEvent, OutboundMessage } from '../../src/chat/events.js';

const MIME_BY_EXT: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/** A delivered console message, numbered so that a later press can edit it. */
export interface ConsoleMessage {
  ref: string;
  message: OutboundMessage;
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

  constructor(private readonly engine: Engine) {}

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

  /** Buttons most recently shown to a user, newest message first. */
  shownButtons(user: string): Button[] {
    return (this.buttons.get(user) ?? []).map((b) => b.button);
  }

  private async dispatch(event: InboundEvent): Promise<ConsoleMessage[]> {
    const result = await this.engine.handleTurn(event);
    const out = result.messages;
    this.unsettled.push(...result.ids);
    const delivered: ConsoleMessage[] = [];
    for (const message of out) {
      const ref = message.kind === 'send' ? String(++this.seq) : message.messageRef;
      if (message.to.platform === 'console') this.remember(message.to.id, ref, message);
      delivered.push({ ref, message });
    }
    return delivered;
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
