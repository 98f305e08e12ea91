import { formatDateLong, todayIn } from '../domain/dates.js';
import { issueInvite, normalizeInviteCode, telegramDeepLink } from '../domain/invites.js';
import { checkNip, formatNip, nipProblemText } from '../domain/nip.js';
import type { Employee } from '../domain/types.js';
import { replyWaitingRequests } from './approval/waiting.js';
import { catalog } from './i18n/index.js';
import type { Turn } from './turn.js';

/** `/start CODE` or `daftar CODE`: links this chat account to the invite's employee. */
export async function linkWithCode(turn: Turn, rawCode: string | undefined): Promise<void> {
  if (!rawCode) {
    turn.reply(turn.employee ? turn.t.alreadyLinked(turn.employee.name) : turn.t.linkUsage);
    return;
  }
  const { store } = turn.deps;
  const code = normalizeInviteCode(rawCode);
  const invite = /^[A-Z0-9]{4,32}$/.test(code) ? await store.getInvite(code) : undefined;
  if (!invite) return turn.reply(turn.t.linkBadCode);
  if (invite.usedAt) return turn.reply(turn.t.linkUsedCode);
  if (invite.expiresAt <= turn.nowIso()) return turn.reply(turn.t.linkExpiredCode);
  const employee = await store.getEmployee(invite.nip);
  if (!employee) return turn.reply(turn.t.linkBadCode);
  if (!(await store.useInvite(code, `${turn.from.platform}:${turn.from.id}`, turn.nowIso()))) {
    return turn.reply(turn.t.linkUsedCode);
  }
  await link(turn, employee, catalog(employee.lang).linkOk(employee.name, formatNip(employee.nip)));
}

/** Slack: a user whose profile email matches the roster is linked on their first message. */
export async function linkByEmail(turn: Turn, email: string): Promise<Employee | undefined> {
  const wanted = email.trim().toLowerCase();
  if (!wanted) return undefined;
  const employees = await turn.deps.store.listEmployees();
  const employee = employees.find((e) => e.email?.toLowerCase() === wanted);
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
  const lines = [turn.t.inviteIssued(employee.name, invite.code, until)];
  if (turn.deps.botUsername) lines.push(turn.t.inviteLink(telegramDeepLink(turn.deps.botUsername, invite.code)));
  turn.reply(lines.join('\n'));
}
