/**
 * Slack's text encoding. The engine writes `*bold*`, which is Slack mrkdwn as well; only `&`, `<` and `>`
 * must be escaped, so that a report title can never become a link or an @channel mention.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * What the user typed, from Slack's encoded message text: `<mailto:a@b|a@b>` → `a@b`,
 * `<https://x|label>` → `label`, `<@U123>` → `@U123`, `<!here>` → `@here`, entities decoded.
 */
export function plainFromSlack(text: string): string {
  const decoded = text.replace(/<([^<>]*)>/g, (_all, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.startsWith('@')) return label ? `@${label}` : target;
    if (target.startsWith('#')) return label ? `#${label}` : target;
    if (target.startsWith('!')) return label || `@${target.slice(1).split('^')[0]}`;
    if (label) return label;
    return target.startsWith('mailto:') ? target.slice('mailto:'.length) : target;
  });
  return unescapeMrkdwn(decoded);
}
