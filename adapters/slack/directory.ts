import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/platform/adapter.js';

const FOUND_TTL_MS = 60 * 60 * 1000;
const MISSING_TTL_MS = 5 * 60 * 1000;
const MAX_ENTRIES = 2000;

interface Entry<T> {
  at: number;
  ttl: number;
  value: Promise<T>;
}

/** A small time-bounded cache of lookups by user id; concurrent lookups of one user share one call. */
class LookupCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly ttlFor: (value: T) => number) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < hit.ttl) return hit.value;
    const entry: Entry<T> = { at: Date.now(), ttl: MISSING_TTL_MS, value: load() };
    void entry.value.then((v) => (entry.ttl = this.ttlFor(v)));
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return entry.value;
  }

  set(key: string, value: T): void {
    this.entries.set(key, { at: Date.now(), ttl: this.ttlFor(value), value: Promise.resolve(value) });
  }
}

/**
 * What the adapter asks Slack about users: the profile email (users.info, needs users:read.email)
 * for linking by email, and the DM channel of a user (conversations.open) to know whose message was pressed.
 */
export class SlackDirectory {
  private readonly emails = new LookupCache<string | undefined>((v) => (v ? FOUND_TTL_MS : MISSING_TTL_MS));
  private readonly ims = new LookupCache<string | undefined>((v) => (v ? Number.POSITIVE_INFINITY : MISSING_TTL_MS));

  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
  ) {}

  /** The user's profile email, or undefined (no email, a bot, or Slack could not tell). Never throws. */
  email(userId: string): Promise<string | undefined> {
    return this.emails.get(userId, async () => {
      try {
        const res = await this.client.users.info({ user: userId });
        if (res.user?.is_bot || res.user?.deleted) return undefined;
        const email = res.user?.profile?.email;
        return typeof email === 'string' && email.includes('@') ? email : undefined;
      } catch (err) {
        this.log.warn('slack: users.info failed', { user: userId, error: String(err) });
        return undefined;
      }
    });
  }

  /** Remembers the DM channel a user wrote from. */
  rememberIm(userId: string, channel: string): void {
    this.ims.set(userId, channel);
  }

  /** True when `channel` is this user's DM with the app. Never throws. */
  async isImOf(userId: string, channel: string): Promise<boolean> {
    const im = await this.ims.get(userId, async () => {
      try {
        const res = await this.client.conversations.open({ users: userId });
        return res.channel?.id;
      } catch (err) {
        this.log.warn('slack: conversations.open failed', { user: userId, error: String(err) });
        return undefined;
      }
    });
    return im === channel;
  }
}
