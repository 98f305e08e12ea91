/** A Block Kit block as Slack sent it back with a press (kept as is, apart from its type). */
export type ShownBlock = { type: string } & Record<string, unknown>;

/** What a pressed message showed: its fallback text (Slack's encoding) and its blocks. */
export interface ShownMessage {
  text: string;
  blocks: ShownBlock[];
}

/**
 * The messages whose buttons were pressed recently, by message ref, as the press (block_actions)
 * reported them: so that the sender can retire a message's buttons and keep everything else of it.
 * Filled by the inbound translation of every press; bounded, oldest forgotten first.
 */
export class PressedMessages {
  private readonly shown = new Map<string, ShownMessage>();

  constructor(private readonly capacity = 2000) {}

  remember(ref: string, message: ShownMessage): void {
    this.shown.delete(ref);
    this.shown.set(ref, message);
    if (this.shown.size > this.capacity) this.shown.delete(this.shown.keys().next().value!);
  }

  get(ref: string): ShownMessage | undefined {
    return this.shown.get(ref);
  }
}

/** The blocks of a message payload worth keeping: objects with a string `type`, at most Slack's 50. */
export function shownBlocks(blocks: unknown): ShownBlock[] {
  if (!Array.isArray(blocks)) return [];
  return blocks
    .filter((b): b is ShownBlock => typeof b === 'object' && b !== null && typeof (b as { type?: unknown }).type === 'string')
    .slice(0, 50);
}
