import type { Api } from 'grammy';
import type { FetchFile } from './inbound.js';

const DOWNLOAD_TIMEOUT_MS = 60_000;

/**
 * Downloads a Telegram file (getFile, then `<apiRoot>/file/bot<token>/<file_path>`), reading at most
 * `maxBytes + 1` bytes: enough for the engine to refuse an oversized file without holding all of it.
 */
export function telegramFileFetcher(api: Api, apiRoot: string, token: string, maxBytes: number): FetchFile {
  return async (fileId) => {
    const file = await api.getFile(fileId);
    if (!file.file_path) throw new Error('Telegram gave no file_path for the file');
    const url = `${apiRoot}/file/bot${token}/${file.file_path.split('/').map(encodeURIComponent).join('/')}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!res.ok || !res.body) throw new Error(`Telegram file download failed: HTTP ${res.status}`);
    return readAtMost(res.body, maxBytes + 1);
  };
}

async function readAtMost(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  try {
    while (total < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks, Math.min(total, limit));
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
