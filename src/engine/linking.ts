import { formatDateLong, todayIn } from '../domain/dates.js';
import { formatInviteCode, isInviteCodeShape, issueInvite, normalizeInviteCode, telegramDeepLink } from '../domain/invites.js';
import { checkNip, formatNip, nipProblemText } from '../domain/nip.js';
import type { Employee } from '../domain/types.js';
import { replyWaitingRequests } from './approval/waiting.js';
import { catalog } from './i18n/index.js';
import { ACCOUNT_LIMITS, addFailure, checkWindow, GLOBAL_LIMITS, type Verdict } from './link-guard.js';
import { accountGuardKey, clearGuard, GLOBAL_GUARD_KEY, readGuard, writeGuard, type GuardRecord } from './link-guard-state.js';
import type { Turn } from './turn.js';

/**
 * `/start CODE` or `daftar CODE`: links this chat account to the invite's employee. Every code that does
 * not link (unknown, malformed, used, expired) counts against this account's and everyone's guessing limits.
 */
export async function linkWithCode(turn: Turn, rawCode: string | undefined): Promise<void> {
  if (!rawCode) {
    turn.reply(turn.employee ? turn.t.alreadyLinked(turn.employee.name) : turn.t.linkUsage);
    return;
  }
  const { store } = turn.deps;
  const now = turn.now().getTime();
  const accountKey = accountGuardKey(turn.from);
  const account = await readGuard(store, accountKey);
  const mine = checkWindow(account, now, ACCOUNT_LIMITS);
  const everyone = checkWindow(await readGuard(store, GLOBAL_GUARD_KEY), now, GLOBAL_LIMITS);
  // While refused, not even a correct code is looked at: otherwise the limits would stop nobody.
  if (!mine.allowed || !everyone.allowed) return refuse(turn, account, mine, everyone);

  const redeemed = await redeem(turn, rawCode);
  if ('problem' in redeemed) {
    await countFailure(turn, mine, everyone);
    return turn.reply(redeemed.problem);
  }
  await clearGuard(store, accountKey);
  const { employee } = redeemed;
  await link(turn, employee, catalog(employee.lang).linkOk(employee.name, formatNip(employee.nip)));
}

async function redeem(turn: Turn, rawCode: string): Promise<{ employee: Employee } | { problem: string }> {
  const { store } = turn.deps;
  const code = normalizeInviteCode(rawCode);
  const invite = isInviteCodeShape(code) ? await store.getInvite(code) : undefined;
  if (!invite) return { problem: turn.t.linkBadCode };
  if (invite.usedAt) return { problem: turn.t.linkUsedCode };
  if (invite.expiresAt <= turn.nowIso()) return { problem: turn.t.linkExpiredCode };
  const employee = await store.getEmployee(invite.nip);
  if (!employee) return { problem: turn.t.linkBadCode };
  if (!(await store.useInvite(code, `${turn.from.platform}:${turn.from.id}`, turn.nowIso()))) {
    return { problem: turn.t.linkUsedCode };
  }
  return { employee };
}

/**
 * A refused attempt is answered once per lock; later ones in the same lock get no reply and change
 * nothing, so a flood does not pile up replies in the outbox.
 */
async function refuse(turn: Turn, account: GuardRecord, mine: Verdict, everyone: Verdict): Promise<void> {
  const now = turn.now();
  const until = mine.lockedUntil ?? everyone.lockedUntil!;
  if (account.toldUntil === until) return;
  await writeGuard(turn.deps.store, accountGuardKey(turn.from), { ...windowOf(mine), toldUntil: until }, now);
  const minutes = Math.max(1, Math.ceil((until - now.getTime()) / 60_000));
  turn.reply(mine.allowed ? turn.t.linkPaused(minutes) : turn.t.linkLocked(minutes));
}

async function countFailure(turn: Turn, mine: Verdict, everyone: Verdict): Promise<void> {
  const { store, log } = turn.deps;
  const now = turn.now();
  const who = { platform: turn.from.platform, userId: turn.from.id };
  const account = addFailure(mine, now.getTime(), ACCOUNT_LIMITS);
  await writeGuard(store, accountGuardKey(turn.from), windowOf(account), now);
  if (account.locked) {
    log?.warn('invite codes: too many wrong codes from one account, locked', {
      ...who,
      failures: ACCOUNT_LIMITS.max,
      windowMinutes: ACCOUNT_LIMITS.windowMs / 60_000,
      lockedUntil: new Date(account.lockedUntil!).toISOString(),
    });
  }
  const global = addFailure(everyone, now.getTime(), GLOBAL_LIMITS);
  await writeGuard(store, GLOBAL_GUARD_KEY, windowOf(global), now);
  if (global.locked) {
    log?.error('invite codes: global limit of wrong codes reached, linking by code paused', {
      ...who,
      failures: GLOBAL_LIMITS.max,
      windowMinutes: GLOBAL_LIMITS.windowMs / 60_000,
      pausedUntil: new Date(global.lockedUntil!).toISOString(),
    });
  }
}

const windowOf = (w: GuardRecord): GuardRecord => ({
  attempts: w.attempts,
  ...(w.lockedUntil !== undefined ? { lockedUntil: w.lockedUntil } : {}),
});

/** Slack: a user whose profile email matches the roster is linked on their first message. */
export async function linkByEmail(turn: Turn, email: string): Promise<Employee | undefined> {
  const wanted = email.trim().toLowerCase();
  if (!wanted) return undefined;
  const employee = await turn.deps.store.employeeByEmail(wanted);
  if (!employee) return undefined;
  await link(turn, employee, catalog(employee.lang).linkedByEmail(employee.name));
  return employee;
}

async function link(turn: Turn, employee: Employee, greeting: string): Promise<void> {
  const now = turn.nowIso();
  await turn.deps.store.linkAccount({
    platform: turn.from.platform,
    userId: turn.from.id,
    nip: employee.nip,
    linkedAt: now,
    lastSeenAt: now,
  });
  turn.reply(greeting);
  // An atasan (or admin) who links late receives every request that waited for them.
  await replyWaitingRequests(turn, employee, catalog(employee.lang), employee.lang ?? 'id');
}

/** "undang NIP" from an admin: the same one-time code as `bangkom invite`, while the bot holds the store. */
export async function inviteInChat(turn: Turn, rawNip: string | undefined): Promise<void> {
  if (turn.employee?.role !== 'admin') return turn.reply(turn.t.inviteAdminOnly);
  if (!rawNip) return turn.reply(turn.t.inviteUsage);
  const nip = checkNip(rawNip);
  if (!nip.ok) return turn.reply(turn.t.inviteBadNip(nipProblemText(nip.problem)));
  const employee = await turn.deps.store.getEmployee(nip.nip);
  if (!employee) return turn.reply(turn.t.inviteUnknownNip(formatNip(nip.nip)));
  const invite = await issueInvite(turn.deps.store, nip.nip, turn.now());
  const until = formatDateLong(todayIn(new Date(invite.expiresAt), turn.deps.tz), turn.lang);
  const lines = [turn.t.inviteIssued(employee.name, formatInviteCode(invite.code), until)];
  if (turn.deps.botUsername) lines.push(turn.t.inviteLink(telegramDeepLink(turn.deps.botUsername, invite.code)));
  turn.reply(lines.join('\n'));
}
