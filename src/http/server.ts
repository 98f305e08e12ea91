import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What an adapter or the dashboard needs to serve its requests on the assistant's one HTTP server. */
export interface HttpRoutes {
  /**
   * Serves `handler` for every request whose path is `path` exactly (`exact`) or starts with `path` + "/"
   * (`prefix`, the path itself included). Returns the removal. A path served twice is refused.
   */
  route(path: string, handler: HttpHandler, match?: 'exact' | 'prefix'): () => void;
  /** The bound port and interface address once listening (PORT=0 picks a free port). */
  readonly port: number | undefined;
  readonly address: string | undefined;
}

export interface ListenOptions {
  port: number;
  /** Interface to bind; every interface when undefined. */
  host?: string;
  /** The refusal when the port is taken (default: set PORT to a free port). */
  inUse?: string;
}

interface Route {
  path: string;
  match: 'exact' | 'prefix';
  handler: HttpHandler;
}

/**
 * The assistant's one HTTP server: the Telegram webhook, Slack's HTTP events and the dashboard are routes
 * on it. Anything no route serves is 404. A handler that throws gets a 500 (and the error to `onError`).
 */
export class HttpServer implements HttpRoutes {
  readonly #routes: Route[] = [];
  readonly #server: Server;
  #closed: Promise<void> | undefined;

  constructor(private readonly onError: (err: unknown, path: string) => void = () => undefined) {
    this.#server = createServer((req, res) => this.#dispatch(req, res));
  }

  route(path: string, handler: HttpHandler, match: 'exact' | 'prefix' = 'exact'): () => void {
    if (!path.startsWith('/')) throw new Error(`HTTP route ${path} must start with /`);
    if (this.#routes.some((r) => r.path === path)) throw new Error(`HTTP route ${path} is already served`);
    const route: Route = { path, match, handler };
    this.#routes.push(route);
    return () => {
      const i = this.#routes.indexOf(route);
      if (i >= 0) this.#routes.splice(i, 1);
    };
  }

  #find(path: string): Route | undefined {
    const exact = this.#routes.find((r) => r.path === path);
    if (exact) return exact;
    // The longest prefix wins (a route at /a/b inside one at /a).
    let best: Route | undefined;
    for (const r of this.#routes) {
      if (r.match !== 'prefix' || !path.startsWith(`${r.path}/`)) continue;
      if (!best || r.path.length > best.path.length) best = r;
    }
    return best;
  }

  #dispatch(req: IncomingMessage, res: ServerResponse): void {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      return void res.writeHead(400).end();
    }
    const route = this.#find(path);
    if (!route) {
      req.resume();
      return void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    }
    const failed = (err: unknown) => {
      this.onError(err, path);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal error\n');
      else res.end();
    };
    try {
      const result = route.handler(req, res);
      if (result) result.catch(failed);
    } catch (err) {
      failed(err);
    }
  }

  get port(): number | undefined {
    const a = this.#server.address();
    return a && typeof a === 'object' ? (a as AddressInfo).port : undefined;
  }

  get address(): string | undefined {
    const a = this.#server.address();
    return a && typeof a === 'object' ? (a as AddressInfo).address : undefined;
  }

  /** Starts listening; a port in use is refused with the setting to change. */
  async listen(opts: ListenOptions): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        reject(err.code === 'EADDRINUSE' ? new Error(opts.inUse ?? `HTTP: port ${opts.port} is already in use; set PORT to a free port`) : err);
      };
      this.#server.once('error', onError);
      this.#server.listen(opts.port, opts.host, () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
    this.#server.on('error', (err) => this.onError(err, ''));
  }

  /** Stops accepting connections and ends idle ones; requests in hand go on. */
  stopAccepting(): void {
    if (this.#closed || !this.#server.listening) return;
    this.#closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
  }

  /** Closes the server and every connection still open. */
  async close(): Promise<void> {
    if (!this.#server.listening && !this.#closed) return;
    this.stopAccepting();
    this.#server.closeAllConnections();
    await this.#closed;
  }
}
