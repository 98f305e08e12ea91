/**
 * A multipart/form-data body as the servers the fakes stand in for read it (the Telegram Bot API server's
 * HttpReader): parts split at the boundary, header names without case, `name` and `filename` either a
 * quoted string (backslash escapes) or a token up to the next `;`, trimmed, then URL-decoded. grammY
 * writes `filename=` unquoted; fetch's FormData quotes it.
 */

export interface FormFile {
  /** The form field (grammY: a random id the payload points at with `attach://id`). */
  field: string;
  filename: string;
  contentType?: string;
  bytes: Uint8Array;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: FormFile[];
}

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data\b/i.test(contentType ?? '');
}

/** Parses the body; throws an Error with Telegram's wording when it cannot. */
export function parseMultipart(body: Buffer, contentType: string): MultipartForm {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw new Error('Bad Request: boundary not found');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const out: MultipartForm = { fields: {}, files: [] };
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('Bad Request: boundary not found');
  for (;;) {
    let start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return out;
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    if (next < 0) throw new Error('Bad Request: unexpected end of multipart body');
    const part = body.subarray(start, next);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw new Error("Bad Request: can't parse form data headers");
    const headers = part.subarray(0, split).toString('utf8').split('\r\n');
    const content = part.subarray(split + 4);
    let disposition = '';
    let type: string | undefined;
    for (const line of headers) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      if (name === 'content-disposition') disposition = line.slice(colon + 1).trim();
      if (name === 'content-type') type = line.slice(colon + 1).trim();
    }
    const params = dispositionParams(disposition);
    const field = params.get('name');
    if (!field) throw new Error('Bad Request: field name in multipart/form-data not found');
    const filename = params.get('filename');
    if (filename !== undefined) out.files.push({ field, filename, ...(type ? { contentType: type } : {}), bytes: new Uint8Array(content) });
    else out.fields[field] = content.toString('utf8');
    at = next + 2;
  }
}

/** `form-data; name="x"; filename=a b.pdf` → name, filename (the type itself is skipped). */
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  let rest = value.slice(value.indexOf(';') + 1 || value.length);
  while (rest.trim() !== '') {
    const eq = rest.indexOf('=');
    if (eq < 0) break;
    const key = rest.slice(0, eq).trim().toLowerCase();
    rest = rest.slice(eq + 1).trimStart();
    let raw: string;
    if (rest.startsWith('"')) {
      let i = 1;
      raw = '';
      while (i < rest.length && rest[i] !== '"') {
        if (rest[i] === '\\') i++;
        raw += rest[i] ?? '';
        i++;
      }
      if (i >= rest.length) throw new Error('Bad Request: unclosed quoted string in Content-Disposition header');
      rest = rest.slice(i + 1).replace(/^\s*;?/, '');
    } else {
      const semi = rest.indexOf(';');
      raw = (semi < 0 ? rest : rest.slice(0, semi)).trim();
      rest = semi < 0 ? '' : rest.slice(semi + 1);
    }
    params.set(key, urlDecode(raw));
  }
  return params;
}

/** Percent-decoding as the Bot API server does it (a `+` stays a `+`; a broken escape stays as it is). */
function urlDecode(s: string): string {
  return s.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
