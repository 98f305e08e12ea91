import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import type { Engine } from '../../src/engine/engine.js';
import { ConsoleSession, type ConsoleMessage } from './session.js';

const user = z.string().trim().min(1).max(100);
const eventSchema = z.union([
  z.object({ from: user, text: z.string() }),
  z.object({ from: user, press: z.string().min(1).max(200) }),
  z.object({ from: user, file: z.object({ name: z.string().max(255).default(''), path: z.string().min(1) }) }),
]);

/**
 * `bangkom chat --script`: one JSON event per input line; one JSON line per outbound message,
 * then `{"ack": n}` once everything caused by input line n is written and stored.
 */
export async function runScript(engine: Engine, input: Readable, output: Writable): Promise<void> {
  const session = new ConsoleSession(engine);
  const write = (obj: unknown) => output.write(`${JSON.stringify(obj)}\n`);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') {
      write({ ack: n });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      write({ error: 'invalid JSON', line: n });
      write({ ack: n });
      continue;
    }
    const parsed = eventSchema.safeParse(json);
    if (!parsed.success) {
      write({ error: 'expected {"from", "text"} | {"from", "press"} | {"from", "file": {"name", "path"}}', line: n });
      write({ ack: n });
      continue;
    }
    const ev = parsed.data;
    let result: ConsoleMessage[] | { error: string };
    if ('text' in ev) result = await session.text(ev.from, ev.text);
    else if ('press' in ev) result = await session.press(ev.from, ev.press);
    else result = await session.file(ev.from, ev.file.name, ev.file.path);
    if ('error' in result) write({ error: result.error, line: n });
    else for (const m of result) write(toLine(m));
    await session.settle();
    write({ ack: n });
  }
}

function toLine({ ref, message, saved }: ConsoleMessage): Record<string, unknown> {
  const base: Record<string, unknown> = { to: message.to.id };
  if (message.to.platform !== 'console') base.platform = message.to.platform;
  if (message.kind === 'document') {
    const { name, mime, size } = message.file;
    // `saved`: where the copy for the console user was written; `error`: why it could not be.
    const document = { name, mime, size, ...(saved ? ('path' in saved ? { saved: saved.path } : { error: saved.error }) : {}) };
    return { ...base, ref, document, ...(message.text ? { text: message.text } : {}) };
  }
  if (message.kind === 'retire') return { ...base, retire: ref, ...(message.note ? { note: message.note } : {}) };
  if (message.kind === 'edit') base.edit = ref;
  else base.ref = ref;
  base.text = message.text;
  if (message.buttons?.length) base.buttons = message.buttons;
  return base;
}
