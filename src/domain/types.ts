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
  /** What the report took from its certificate file, and what the atasan must know about it (issue 13). */
  certificate?: CertificateCheck;
  /** The plan item it realises (reported from the plan); none: an incidental (insidental) activity. */
  planItem?: { year: number; no: number };
  /** The atasan's six-month evaluation of the remaining competency gap (seed 004 V.C). */
  evaluation?: GapEvaluation;
  history: StatusChange[];
  createdAt: string;
  updatedAt: string;
}

export type GapLevel = 'rendah' | 'sedang' | 'tinggi';

export interface GapEvaluation {
  gap: GapLevel;
  note?: string;
  /** NIP of the atasan who rated it. */
  by: string;
  at: string;
}

/** A plan item's status: `draf` until the plan is sent; then the atasan's decision. */
export type PlanItemStatus = 'draf' | 'diusulkan' | 'diterima' | 'ditolak' | 'dikembalikan';
export type SumberDana = 'APBN' | 'APBD' | 'mandiri' | 'lainnya';
/** How often a started activity is reported (seed 002: sekali / harian / mingguan / bulanan). */
export type ReportPattern = 'sekali' | 'harian' | 'mingguan' | 'bulanan';

export interface PlanItemChange {
  status: PlanItemStatus;
  /** NIP of who made the change. */
  by: string;
  at: string;
  reason?: string;
}

/** One proposed bangkom of a yearly plan (seed 004 III.F; seed 002 part I). */
export interface PlanItem {
  /** Its number within the plan, never reused (button ids name it). */
  no: number;
  jalur: 'pendidikan' | 'klasikal' | 'nonklasikal';
  /** The form key (bentuk), as in a report. */
  type: string;
  materi: string;
  penyelenggara: string;
  /** The planned month (YYYY-MM), or the planned dates. */
  jadwal: { month: string } | { start: string; end: string };
  /** The duration as typed, in the form's own unit (days, sessions, activities, semesters, or JP). */
  amount: { days?: number; count?: number; jp?: number };
  /** The planned JP, converted by the profile's rules. */
  jp: number;
  /** Estimated cost in rupiah. */
  biaya: number;
  sumberDana: SumberDana;
  alasan: string;
  status: PlanItemStatus;
  history: PlanItemChange[];
  /** Recorded with "mulai" on an accepted item. */
  started?: { start: string; end: string; place: string; pattern: ReportPattern; at: string };
  /** The activity reported from it. */
  activityId?: string;
}

/** An employee's plan for one year: its items, and whether an admin reopened it after the deadline. */
export interface Plan {
  schemaVersion: number;
  nip: string;
  year: number;
  items: PlanItem[];
  /** The number the next item gets. */
  nextNo: number;
  /** How many times it was sent to the atasan: the "accept all" button belongs to one sending. */
  round: number;
  /** An admin let this employee propose after the deadline. */
  reopened?: { by: string; at: string };
  createdAt: string;
  updatedAt: string;
}

/** A report's certificate as the atasan sees it: fields read from the file, a participant of another name, the same file or number in another employee's report. */
export interface CertificateCheck {
  /** Summary lines filled from the certificate (form, title, organizer, scope, dates, amount, certjp, certno). */
  fields?: string[];
  /** The participant's name as printed, when it is not the employee's. */
  otherName?: string;
  usedBy?: { how: 'file' | 'number'; nip: string; name: string; title: string }[];
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
