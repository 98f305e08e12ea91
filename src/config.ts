import { z } from 'zod';

/** Global settings shared by every command; each CLI option also reads its environment variable. */
export interface AppConfig {
  db: string;
  /** PostgreSQL connection string (BANGKOM_DATABASE_URL / --database-url): the store for scale; unset, lowdb at `db`. */
  databaseUrl?: string;
  profile: string;
  tz: string;
  /** Fixed "now" for tests and demos; undefined means the real clock. */
  fixedNow?: Date;
}

export interface Clock {
  now(): Date;
}

export const DEFAULTS = {
  db: 'data/db.json',
  profile: 'lan-2018',
  tz: 'Asia/Jakarta',
} as const;

const isoDateTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not an ISO date-time' });

const databaseUrl = z
  .string()
  .refine((s) => /^postgres(ql)?:\/\//.test(s) && URL.canParse(s), { message: 'not a postgres:// or postgresql:// connection string' });

const configSchema = z.object({
  db: z.string().min(1),
  databaseUrl: databaseUrl.optional(),
  profile: z.string().min(1),
  tz: z.string().refine(isValidTimeZone, { message: 'unknown time zone' }),
  now: isoDateTime.optional(),
});

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface RawGlobalOptions {
  db?: string;
  databaseUrl?: string;
  profile?: string;
  now?: string;
  tz?: string;
}

/** CLI option, else environment variable, else default. Throws a one-line message on bad values. */
export function resolveConfig(opts: RawGlobalOptions, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse({
    db: opts.db ?? env.BANGKOM_DB ?? DEFAULTS.db,
    databaseUrl: opts.databaseUrl ?? (env.BANGKOM_DATABASE_URL || undefined),
    profile: opts.profile ?? env.BANGKOM_PROFILE ?? DEFAULTS.profile,
    tz: opts.tz ?? env.BANGKOM_TZ ?? DEFAULTS.tz,
    now: opts.now ?? (env.BANGKOM_NOW || undefined),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid --${String(issue?.path[0] ?? 'option')}: ${issue?.message ?? 'bad value'}`);
  }
  const { now, databaseUrl: url, ...rest } = parsed.data;
  return { ...rest, ...(url ? { databaseUrl: url } : {}), fixedNow: now ? new Date(now) : undefined };
}

export function clockFor(config: AppConfig): Clock {
  const fixed = config.fixedNow;
  return fixed ? { now: () => new Date(fixed.getTime()) } : { now: () => new Date() };
}
