import type { Command } from 'commander';
import { registerChat } from './chat.js';
import { registerDashboardLink } from './dashboard-link.js';
import { registerDb } from './db.js';
import { registerExport } from './export.js';
import { registerHistory } from './history.js';
import { registerInvite } from './invite.js';
import { registerJp } from './jp.js';
import { registerKartu } from './kartu.js';
import { registerRekap } from './rekap.js';
import { registerRencana } from './rencana.js';
import { registerRemind } from './remind.js';
import { registerRoster } from './roster.js';
import { registerRules } from './rules.js';
import { registerStart } from './start.js';

export type RegisterCommand = (program: Command) => void;

/** Every sub-command of the `bangkom` CLI, in help order. */
export const commands: RegisterCommand[] = [
  registerStart,
  registerChat,
  registerJp,
  registerRules,
  registerRoster,
  registerHistory,
  registerInvite,
  registerRemind,
  registerRekap,
  registerRencana,
  registerExport,
  registerKartu,
  registerDashboardLink,
  registerDb,
];
