import type { ConversationState } from '../../domain/types.js';
import { EVIDENCE_LIMITS } from '../../domain/evidence.js';
import { RuleError } from '../../rules/types.js';
import type { IncomingFile } from '../../chat/events.js';
import type { Turn } from '../turn.js';
import { submitReport } from '../approval/submit.js';
import {
  continueDialog,
  remindCurrentDialogStep,
  staleDialogButton,
  startDialog,
  type DialogSpec,
} from '../dialog-kit/index.js';
import { computeReport, emptyReport, isApplicable, STEP_ORDER, unanswer, type QuestionStep, type ReportData } from './data.js';
import { takeCertificate } from './certificate.js';
import { STEPS, type StepDef } from './steps.js';
import { jpLine, summaryLines } from './summary.js';
import { understandingSteps, takeSentence } from './understood-steps.js';
import { takeStated } from './understood.js';

export const REPORT_DIALOG = 'report';

export type ReportInput = { text: string } | { press: string } | { file: IncomingFile };

const EDITABLE: QuestionStep[] = ['form', 'title', 'organizer', 'scope', 'start', 'amount', 'certjp', 'certno', 'evidence'];

export const REPORT_SPEC: DialogSpec<ReportData, QuestionStep> = {
  dialog: REPORT_DIALOG,
  prefix: 'r',
  order: STEP_ORDER,
  steps: withFiles(understandingSteps(STEPS)),
  editable: EDITABLE,
  fieldLabel: (turn, step) =>
    ({
      form: turn.t.fieldForm,
      title: turn.t.fieldTitle,
      organizer: turn.t.fieldOrganizer,
      scope: turn.t.fieldScope,
      start: turn.t.fieldDates,
      amount: turn.t.fieldAmount,
      certjp: turn.t.fieldCertJp,
      certno: turn.t.fieldCertNo,
      evidence: turn.t.fieldEvidence,
    })[step as string] ?? step,
  isApplicable: (step, data, turn) => isApplicable(step, data, turn.deps.profile),
  unanswer: (data, step, turn) => unanswer(data, step, turn.deps.profile),
  normalize: (turn, data) => {
    if (data.type && !isApplicable('scope', data, turn.deps.profile)) data.scope = 'nasional';
    takeStated(turn, data);
  },
  onEditPick: (data, field) => {
    if (field === 'form') data.formPage = 0;
  },
  // The form came with "lapor webinar": going back offers the choice of form.
  backAtStart: (turn, data) => {
    if (!data.answered.includes('form')) return false;
    unanswer(data, 'form', turn.deps.profile);
    data.formPage = 0;
    return true;
  },
  summary: async (turn, data) => {
    const lines = await summaryLines(turn, data, turn.deps.profile);
    try {
      lines.push(jpLine(turn, computeReport(data, turn.deps.profile, turn.lang)));
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      lines.push(turn.t.computeFailed(err.message));
      return { text: lines.join('\n'), canSend: false };
    }
    return { text: lines.join('\n'), canSend: true };
  },
  sendLabel: (turn) => turn.t.send,
  send: async (turn, data) => {
    let result;
    try {
      result = computeReport(data, turn.deps.profile);
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      return { error: turn.t.computeFailed(err.message) };
    }
    return { done: await submitReport(turn, data, result) };
  },
  cancelled: (turn, data) => (data.activityId ? turn.t.revisionCancelled : turn.t.reportCancelled),
  inProgress: (turn) => turn.t.reportInProgress,
};

/** Every question takes a certificate file: it is kept as the evidence and read to fill what it states. */
function withFiles(steps: Record<QuestionStep, StepDef>): Record<QuestionStep, StepDef> {
  return Object.fromEntries(
    STEP_ORDER.map((step) => [step, { ...steps[step], file: (turn, data, file) => takeCertificate(turn, data, file, step) } satisfies StepDef]),
  ) as Record<QuestionStep, StepDef>;
}

/**
 * Starts a report. Free text such as "lapor webinar kemarin tentang SPBE dari Kominfo" fills what it states
 * (only what is missing is asked); a returned report is reopened with its answers (`preset`).
 */
export async function startReport(turn: Turn, hint?: string, preset?: ReportData): Promise<void> {
  const data = preset ?? emptyReport();
  if (!preset && hint) takeSentence(turn, data, hint);
  await startDialog(turn, REPORT_SPEC, data);
}

/** A file sent with no dialogue open starts a report from it; a file that cannot be kept starts nothing. */
export async function startReportWithFile(turn: Turn, file: IncomingFile): Promise<void> {
  const data = emptyReport();
  const outcome = await takeCertificate(turn, data, file, 'jalur');
  // The evidence question's refusals offer *Lewati*; with no report open there is nothing to skip.
  if (!outcome.ok) return turn.reply(turn.t.fileAloneRefused(EVIDENCE_LIMITS.maxBytes / (1024 * 1024)));
  await startDialog(turn, REPORT_SPEC, data);
}

export function continueReport(turn: Turn, state: ConversationState, input: ReportInput): Promise<void> {
  return continueDialog(turn, REPORT_SPEC, state, input);
}

/** A button that is not (or no longer) one of this report's: said so, and the current question asked again. */
export function staleReportButton(turn: Turn, state: ConversationState): Promise<void> {
  return staleDialogButton(turn, REPORT_SPEC, state);
}

/** Re-asks the current question after a global command answered mid-report. */
export function remindCurrentStep(turn: Turn, state: ConversationState): Promise<void> {
  return remindCurrentDialogStep(turn, REPORT_SPEC, state);
}
