import { RuleError } from '../../src/rules/index.js';

/** The RuleError code thrown by fn, or 'no error' / 'not a RuleError'. */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return err instanceof RuleError ? err.code : `not a RuleError: ${String(err)}`;
  }
}

/** The RuleError thrown by fn (fails the test otherwise). */
export function ruleError(fn: () => unknown): RuleError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RuleError) return err;
    throw err;
  }
  throw new Error('expected a RuleError');
}
