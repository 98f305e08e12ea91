/** How far X-Slack-Request-Timestamp may be from our clock, either way (Slack's own rule is 5 minutes). */
export const MAX_CLOCK_SKEW_S = 5 * 60;

/**
 * Why a request's X-Slack-Request-Timestamp (whole Unix seconds) is refused, or undefined when it is within
 * MAX_CLOCK_SKEW_S of `nowMs`. Bolt's own check refuses only old stamps; a stamp in the future would let a
 * captured signed request be replayed for as long as it lies ahead.
 */
export function timestampProblem(header: string | string[] | undefined, nowMs: number): string | undefined {
  if (typeof header !== 'string' || !/^\d{1,12}$/.test(header)) return 'X-Slack-Request-Timestamp is missing or not a number';
  const skew = Number(header) - Math.floor(nowMs / 1000);
  if (skew > MAX_CLOCK_SKEW_S) return `X-Slack-Request-Timestamp is ${skew} s ahead of our clock`;
  if (skew < -MAX_CLOCK_SKEW_S) return `X-Slack-Request-Timestamp is ${-skew} s behind our clock`;
  return undefined;
}
