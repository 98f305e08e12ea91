import type { Button } from '../../src/chat/events.js';
import { escapeMrkdwn } from './mrkdwn.js';
import type { ShownBlock, ShownMessage } from './pressed.js';

/** Slack's Block Kit limits that rendering keeps to. */
export const BLOCK_LIMITS = {
  sectionChars: 3000,
  sectionsPerMessage: 10,
  blocksPerMessage: 50,
  elementsPerActions: 25,
  buttonText: 75,
  actionId: 255,
  value: 2000,
} as const;

export interface SectionBlock {
  type: 'section';
  text: { type: 'mrkdwn'; text: string };
}

export interface ButtonElement {
  type: 'button';
  text: { type: 'plain_text'; text: string; emoji: true };
  action_id: string;
  value: string;
}

export interface ActionsBlock {
  type: 'actions';
  elements: ButtonElement[];
}

export interface ContextBlock {
  type: 'context';
  elements: { type: 'mrkdwn'; text: string }[];
}

export type SlackBlock = SectionBlock | ActionsBlock | ContextBlock;

/** One chat.postMessage / chat.update body: the plain fallback `text` and the blocks. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

/**
 * The Slack messages for one engine message: `section` blocks with the mrkdwn text (split at line
 * breaks to fit), then one `actions` block per button row on the last message. A text too long for one
 * message continues in further messages, unless `single` (an edit), where it is cut.
 */
export function renderPayloads(text: string, buttons: Button[][] = [], single = false): SlackPayload[] {
  const pieces = splitEscaped(text.trim() === '' ? '…' : text, BLOCK_LIMITS.sectionChars);
  const groups: string[][] = [];
  for (let i = 0; i < pieces.length; i += BLOCK_LIMITS.sectionsPerMessage) {
    groups.push(pieces.slice(i, i + BLOCK_LIMITS.sectionsPerMessage));
  }
  if (single && groups.length > 1) {
    const first = groups[0]!;
    first[first.length - 1] = `${first.at(-1)!.slice(0, BLOCK_LIMITS.sectionChars - 1)}…`;
    groups.length = 1;
  }
  return groups.map((sections, i) => {
    const blocks: SlackBlock[] = sections.map((s) => ({ type: 'section', text: { type: 'mrkdwn', text: s } }));
    if (i === groups.length - 1) blocks.push(...actionBlocks(buttons, BLOCK_LIMITS.blocksPerMessage - blocks.length));
    return { text: sections.join('\n'), blocks };
  });
}

/**
 * The chat.update body that retires a pressed message: its blocks as Slack showed them, minus the
 * actions blocks, with the note (e.g. "✓ Nasional") as a context line under them; the fallback text stays.
 */
export function retiredPayload(shown: ShownMessage, note?: string): { text: string; blocks: (ShownBlock | SlackBlock)[] } {
  const blocks: (ShownBlock | SlackBlock)[] = shown.blocks.filter((b) => b.type !== 'actions');
  // A message of text only (no blocks): its text is what must stay visible once blocks are given.
  if (blocks.length === 0 && shown.text.trim() !== '') {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: shown.text.slice(0, BLOCK_LIMITS.sectionChars) } });
  }
  if (note) {
    blocks.splice(BLOCK_LIMITS.blocksPerMessage - 1);
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(note).slice(0, BLOCK_LIMITS.sectionChars) }] });
  }
  return { text: shown.text.trim() !== '' ? shown.text : escapeMrkdwn(note ?? '…'), blocks };
}

/** One actions block per row (a row longer than 25 continues in the next block); action_ids unique. */
export function actionBlocks(rows: Button[][], maxBlocks: number = BLOCK_LIMITS.blocksPerMessage): ActionsBlock[] {
  const used = new Set<string>();
  const blocks: ActionsBlock[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i += BLOCK_LIMITS.elementsPerActions) {
      const elements = row.slice(i, i + BLOCK_LIMITS.elementsPerActions).map((b) => buttonElement(b, used));
      if (elements.length > 0 && blocks.length < maxBlocks) blocks.push({ type: 'actions', elements });
    }
  }
  return blocks;
}

function buttonElement(button: Button, used: Set<string>): ButtonElement {
  const base = button.id.slice(0, BLOCK_LIMITS.actionId - 8) || 'button';
  let actionId = base;
  for (let n = 2; used.has(actionId); n++) actionId = `${base}#${n}`;
  used.add(actionId);
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(button.label.trim() || button.id, BLOCK_LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value: button.id.slice(0, BLOCK_LIMITS.value),
  };
}

function clip(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Escapes `text` and cuts it into pieces of at most `max` escaped characters, at line breaks where possible. */
export function splitEscaped(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  const push = (piece: string) => {
    const joined = current === '' ? piece : `${current}\n${piece}`;
    if (joined.length <= max) {
      current = joined;
      return;
    }
    if (current !== '') pieces.push(current);
    current = piece;
  };
  for (const line of text.split('\n')) {
    const escaped = escapeMrkdwn(line);
    if (escaped.length <= max) push(escaped);
    else for (const part of hardCut(line, max)) push(part);
  }
  if (current !== '' || pieces.length === 0) pieces.push(current);
  return pieces;
}

/** Cuts one long line by code points so that each escaped part fits. */
function hardCut(line: string, max: number): string[] {
  const parts: string[] = [];
  let part = '';
  for (const ch of line) {
    const esc = escapeMrkdwn(ch);
    if (part.length + esc.length > max) {
      parts.push(part);
      part = '';
    }
    part += esc;
  }
  if (part !== '') parts.push(part);
  return parts;
}
