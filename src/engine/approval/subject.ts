import type { Button } from '../../chat/events.js';
import type { Employee, Lang } from '../../domain/types.js';
import type { DecisionCode } from '../action-id.js';
import type { Catalog } from '../i18n/index.js';
import type { Turn } from '../turn.js';

/** What an atasan decides on (subjects.ts maps each to its DecisionSubject). */
export type SubjectKind = 'report' | 'plan';

/** The words of the decision flow that name the subject ("laporan", "usulan rencana"). */
export interface SubjectTexts {
  inProgress: string;
  oldVersion: string;
  cancelled: string;
  alreadyDecided(status: string, who: string, when: string): string;
  done(status: string, name: string): string;
  /** The subject of a press is gone. */
  notFound: string;
  /** The presser may not decide on it. */
  notPermitted: string;
}

/**
 * One kind of thing an atasan accepts, rejects or returns, for the shared decision flow (decide.ts):
 * the buttons, the reason prompt, the double-tap guard, the stale-revision check and the compare-and-set.
 */
export interface DecisionSubject<T> {
  kind: SubjectKind;
  /** The first part of its button ids: `<ask>:<id>:<rev>:<code>`, `<decide>:…:<reason>`, `<cancel>:<id>`. */
  ids: { ask: string; decide: string; cancel: string };
  load(turn: Turn, id: string): Promise<T | undefined>;
  ownerNip(subject: T): string;
  isPending(subject: T): boolean;
  /** The version its buttons belong to: a change makes a new one, and older buttons are refused. */
  revision(subject: T): string;
  statusLabel(t: Catalog, subject: T): string;
  lastChange(subject: T): { by: string; at: string } | undefined;
  /** True when this decision needs a reason (a report's approval takes an optional note). */
  needsReason(code: DecisionCode): boolean;
  /**
   * The preset reasons offered as buttons for this decision, in the catalog's language. The one picked is
   * stored from the Indonesian catalog, whatever the decider reads, so that the employee, the plan and the
   * HR exports read one text.
   */
  quickReasons(t: Catalog, code: DecisionCode): readonly string[];
  /** The prompt for the reason or the note. */
  askReason(t: Catalog, code: DecisionCode): string;
  texts(t: Catalog): SubjectTexts;
  /** The request as the atasan sees it, with its decision buttons (sent again after a cancel or an old button). */
  request(turn: Turn, subject: T, owner: Employee, t: Catalog, lang: Lang): Promise<{ text: string; buttons?: Button[][] }>;
  /** Applies the decision with compare-and-set; undefined when the subject is gone. */
  apply(turn: Turn, subject: T, code: DecisionCode, reason: string | undefined, decider: Employee): Promise<{ done: T } | { conflict: T } | undefined>;
  /** "Siti: "Webinar X"": who and what, for the confirmation. */
  name(subject: T, owner: Employee | undefined): string;
  /**
   * The request as it reads after a decision, put in place of the request message the decision started
   * from (a plan keeps the buttons of its other items); without it that message says what was decided.
   */
  refreshed?(turn: Turn, subject: T, owner: Employee, t: Catalog, lang: Lang): Promise<{ text: string; buttons?: Button[][] }>;
  /** Tells the owner (and whoever else) what was decided. */
  notify(turn: Turn, result: T, code: DecisionCode, reason: string | undefined, decider: Employee): Promise<void>;
}
