import type { IncomingFile } from '../../src/chat/events.js';

export interface SlackFileInfo {
  id: string;
  name?: string;
  title?: string;
  mimetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
}

export interface FileDownloadOptions {
  token: string;
  /** Largest file worth reading; a bigger one is cut at maxBytes + 1 so that the engine's check refuses it. */
  maxBytes: number;
  /** Origins besides https://*.slack.com that may receive the bot token (the Web API server in tests). */
  extraOrigins?: string[];
  /** Asks Slack (files.info) for the download URL when the event did not carry one. */
  resolveUrl?: (fileId: string) => Promise<string | undefined>;
  timeoutMs?: number;
}

/** The bot token goes only to Slack's own hosts (or a configured test server), never to a URL from elsewhere. */
export function mayReceiveToken(url: string, extraOrigins: string[] = []): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (extraOrigins.includes(u.origin)) return true;
  return u.protocol === 'https:' && (u.hostname === 'slack.com' || u.hostname.endsWith('.slack.com'));
}

/** A shared Slack file as the engine's IncomingFile: name/mime/size up front, bytes only on fetch(). */
export function slackIncomingFile(file: SlackFileInfo, opts: FileDownloadOptions): IncomingFile {
  return {
    name: file.name || file.title || `${file.id}`,
    ...(file.mimetype ? { mime: file.mimetype } : {}),
    ...(typeof file.size === 'number' ? { size: file.size } : {}),
    fetch: async () => {
      const url = file.url_private_download ?? file.url_private ?? (await opts.resolveUrl?.(file.id));
      if (!url) throw new Error(`slack: file ${file.id} has no download URL`);
      return downloadSlackFile(url, opts);
    },
  };
}

/** GET with `Authorization: Bearer <bot token>`, reading at most maxBytes + 1 bytes. */
export async function downloadSlackFile(url: string, opts: FileDownloadOptions): Promise<Uint8Array> {
  if (!mayReceiveToken(url, opts.extraOrigins)) throw new Error(`slack: refusing to send the token to ${url}`);
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${opts.token}` },
    signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
  });
  if (!res.ok || !res.body) throw new Error(`slack: file download failed: HTTP ${res.status}`);
  // Without the files:read scope Slack answers with its sign-in page instead of the file.
  if ((res.headers.get('content-type') ?? '').startsWith('text/html')) {
    throw new Error('slack: file download returned a web page (is the files:read scope granted?)');
  }
  const limit = opts.maxBytes + 1;
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  while (total < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const bytes = new Uint8Array(Math.min(total, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
    if (offset >= bytes.byteLength) break;
  }
  return bytes;
}
