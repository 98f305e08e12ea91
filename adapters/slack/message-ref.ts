/** A Slack message as the engine sees it: channel id and message ts in one string (`D0123/1712345678.000100`). */
export interface SlackMessageRef {
  channel: string;
  ts: string;
}

const REF = /^([A-Z0-9]{2,40})\/(\d{1,12}\.\d{1,9})$/;

export function encodeMessageRef(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}

/** undefined for anything that is not a ref this adapter made. */
export function decodeMessageRef(ref: string): SlackMessageRef | undefined {
  const m = REF.exec(ref);
  return m ? { channel: m[1]!, ts: m[2]! } : undefined;
}
