import type { Writable } from 'node:stream';
import type { PlatformSender } from './types.js';

/**
 * Delivers to console accounts by printing the message, so `bangkom remind` shows what a console
 * user would receive (the demo works without any chat token). A document is printed as its name, size
 * and where the store keeps it (the terminal chat itself saves a copy to open: adapters/console).
 */
export function createConsoleSender(out: Writable = process.stdout): PlatformSender {
  let seq = 0;
  return {
    platform: 'console',
    limits: { globalPerSecond: 1000, perChatPerSecond: 1000 },
    async send(message) {
      const ref = `console-${++seq}`;
      if (message.kind === 'retire') {
        const note = message.note ? `: ${message.note}` : '';
        out.write(`✎ ${message.to.id} (tombol pesan ${message.messageRef} dilepas${note}) (console)\n`);
        return { ref };
      }
      if (message.kind === 'document') {
        const caption = message.text.trim() ? `\n   ${message.text.split('\n').join('\n   ')}` : '';
        out.write(`📄 ${message.to.id} (console): ${message.file.name} (${sizeText(message.file.size)}, ${message.file.path})${caption}\n`);
        return { ref };
      }
      const head = message.kind === 'edit' ? `✎ ${message.to.id} (ubah ${message.messageRef})` : `→ ${message.to.id}`;
      const body = message.text
        .split('\n')
        .map((line) => `   ${line}`)
        .join('\n');
      const buttons = message.buttons?.length
        ? `\n   ${message.buttons.map((row) => row.map((b) => `[${b.label}]`).join(' ')).join('\n   ')}`
        : '';
      out.write(`${head} (console):\n${body}${buttons}\n`);
      return { ref };
    },
  };
}

/** `12 KB`, `1.3 MB`: a document's size as people read it. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
