export { continueDialog, remindCurrentDialogStep, staleDialogButton, startDialog } from './dialog.js';
export { kitButton, newNonce, ownAction, stamp } from './ids.js';
export type { DialogInput, DialogSpec, KitData, Outcome, Question, StepDef, SummaryView } from './types.js';
export { shortLabel } from './label.js';
