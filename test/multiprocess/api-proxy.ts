import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Bot API call that went through a proxy, with what the fake answered. */
export interface ProxiedCall {
  /** Which assistant process made it. */
  by: string;
  method: string;
  payload: Record<string, any>;
  /** The fake accepted it (`ok: true`); undefined while its answer is not in. */
  ok?: boolean;
  /** The message_id of the message it sent or edited, when accepted. */
  messageId?: number;
  /** When the proxy received it (Date.now()). */
  at: number;
}

/**
 * A pass-through in front of the fake Bot API, one per assistant process (its TELEGRAM_API_ROOT), so the
 * test knows which process made each call, also for a process SIGKILLed with calls on the wire: the proxy
 * keeps its own connection to the fake, so a call whose sender died still reaches the fake, as a request
 * already on its way to Telegram would.
 */
export class ApiProxy {
  url = '';
  private readonly server: Server;

  constructor(
    readonly by: string,
    private readonly target: string,
    private readonly log: ProxiedCall[],
  ) {
    this.server = createServer((req, res) => {
      void this.forward(req).then(
        ({ status, body }) => res.writeHead(status, { 'content-type': 'application/json' }).end(body),
        (err: unknown) => res.writeHead(502).end(String(err)),
      );
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async forward(req: IncomingMessage): Promise<{ status: number; body: string }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = /\/bot[^/]+\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1] ?? '?';
    const call: ProxiedCall = { by: this.by, method, payload: parseJson(text), at: Date.now() };
    this.log.push(call);
    const res = await fetch(`${this.target}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
      ...(req.method === 'POST' ? { body: text } : {}),
    });
    const body = await res.text();
    const answer = parseJson(body);
    call.ok = res.ok && answer.ok === true;
    if (call.ok && typeof answer.result?.message_id === 'number') call.messageId = answer.result.message_id as number;
    return { status: res.status, body };
  }
}

function parseJson(text: string): Record<string, any> {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, any>) : {};
  } catch {
    return {};
  }
}
