import type { ActivityInput, Scope } from '../rules/types.js';
import type { Platform } from '../chat/events.js';

export const SCHEMA_VERSION = 1;

export type Role = 'user' | 'admin';
export type Lang = 'id' | 'en';

export interface Employee {
  /** 18 digits, no spaces. */
  nip: string;
  name: string;
  position: string;
  unit: string;
  atasanNip: string | null;
  email?: string;
  role: Role;
  lang?: Lang;
  /** Rank and grade (pangkat, golongan ruang), e.g. "Penata" / "III/c"; from the roster when given. */
  pangkat?: string;
  golongan?: string;
  tempatLahir?: string;
  /** YYYY-MM-DD; from the roster, else from the NIP's first eight digits. */
  tanggalLahir?: string;
  /** L (laki-laki) or P (perempuan); from the roster, else from the NIP's 15th digit. */
  jenisKelamin?: 'L' | 'P';
  /** PNS (default), PPPK, or TKK (contract staff: may report, but have no 20 JP duty and get no reminders). */
  jenisAsn?: JenisAsn;
  updatedAt: string;
}

export type JenisAsn = 'PNS' | 'PPPK' | 'TKK';

export interface Account {
  platform: Platform;
  userId: string;
  nip: string;
  linkedAt: string;
  /** Last inbound message; decides the platform of a reminder for someone linked twice. */
  lastSeenAt: string;
  /**
   * When the platform said this user cannot be reached (blocked the assistant, deactivated, deleted):
   * no reminder is tried on this account until the user writes again, which clears it.
   */
  unreachableAt?: string;
}

export interface Invite {
  code: string;
  nip: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
  usedBy?: string;
}

/**
 * A dashboard sign-in link (`link`: one use, 15 minutes) or a dashboard session (`session`: 8 hours, ended
 * early by marking it used), kept by the sha256 of its secret token: the store never holds a usable token.
 */
export interface DashboardToken {
  id: string;
  kind: 'link' | 'session';
  nip: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

export type ActivityStatus = 'pending' | 'approved' | 'rejected' | 'returned' | 'cancelled';

export interface StatusChange {
  status: ActivityStatus;
  /** NIP of who made the change. */
  by: string;
  at: string;
  reason?: string;
}

export interface Evidence {
  /** sha256 hex of the content; the file lives at data/evidence/<hash><ext>. */
  hash: string;
  name: string;
  mime: string;
  size: number;
  path: string;
}

export interface Activity {
  schemaVersion: number;
  id: string;
  nip: string;
  input: ActivityInput & { start: string; end: string; scope: Scope };
  title: string;
  organizer: string;
  certificateNumber?: string;
  evidence?: Evidence;
  /** Answers that the rules input folds together, kept so a returned report can be edited as it was typed. */
  answers?: { programJp?: number; certJp?: number };
  profile: string;
  jp: number;
  explanation: string;
  /** Year of the end date. */
  year: number;
  status: ActivityStatus;
  /** Where the record came from when not reported in chat: a history import (who, when, which file and line). */
  source?: { kind: 'impor'; by: string; at: string; file: string; line: number };
  /** When the employee said it is uploaded to MyASN (the button "Sudah diunggah ke MyASN"). */
  myAsnUploadedAt?: string;
  history: StatusChange[];
  createdAt: string;
  updatedAt: string;
}

/** Persisted dialogue state of one chat user: plain data, resumable after a restart. */
export interface ConversationState {
  /** `${platform}:${userId}` */
  key: string;
  dialog: string;
  step: string;
  data: Record<string, unknown>;
  /** Steps visited, for "kembali". */
  trail: string[];
  updatedAt: string;
}

export interface ReminderMark {
  /** e.g. `jp-shortfall` or `atasan-digest`. */
  kind: string;
  /** e.g. `2026-11` */
  period: string;
  nip: string;
  at: string;
}
