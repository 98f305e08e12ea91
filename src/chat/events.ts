/** The neutral message vocabulary between the engine and every platform adapter. */

export type Platform = 'console' | 'telegram' | 'slack';

/** A chat user on one platform. `id` is the platform's own user id (for console: a chosen name). */
export interface UserRef {
  platform: Platform;
  id: string;
}

export interface Button {
  /** Opaque action id, at most 64 bytes (Telegram's callback_data limit). */
  id: string;
  label: string;
}

export interface IncomingFile {
  name: string;
  mime?: string;
  size?: number;
  /** Loads the bytes; adapters download lazily so the engine can refuse before fetching. */
  fetch: () => Promise<Uint8Array>;
}

/** A file kept in the store, content-addressed (`hash`, sha256 hex; `path` as putEvidence returned it). */
export interface OutgoingFile {
  name: string;
  mime: string;
  hash: string;
  path: string;
  size: number;
}

export type InboundEvent =
  | { kind: 'text'; from: UserRef; text: string; email?: string }
  | {
      kind: 'press';
      from: UserRef;
      action: string;
      /** Platform reference of the message whose button was pressed, when known. */
      messageRef?: string;
      /** The pressed button's label, when the platform tells it (shown when the keyboard is retired). */
      label?: string;
    }
  | { kind: 'file'; from: UserRef; file: IncomingFile }
  /** Something sent on purpose that is neither text nor a file the assistant takes (a sticker, a location). */
  | { kind: 'unsupported'; from: UserRef }
  /**
   * The user blocked the assistant or removed it (Telegram `my_chat_member` with status `kicked`): their
   * account is marked unreachable until they write again. Nothing is sent in reply.
   */
  | { kind: 'blocked'; from: UserRef };

export type OutboundMessage =
  | {
      kind: 'send';
      to: UserRef;
      text: string;
      buttons?: Button[][];
      /** The platform's reference of a thread or topic within the chat `to` (a Telegram forum topic), if not the main one. */
      thread?: string;
    }
  | {
      kind: 'edit';
      to: UserRef;
      /** The messageRef of the press that caused this edit. */
      messageRef: string;
      text: string;
      buttons?: Button[][];
    }
  | {
      /**
       * Take the buttons off a message whose button was pressed, keeping its text, so an old keyboard
       * cannot be pressed twice; `note` (e.g. "✓ Nasional") may be shown with it.
       */
      kind: 'retire';
      to: UserRef;
      messageRef: string;
      note?: string;
    }
  | {
      /**
       * A file sent as a document (a PDF). The outbox holds only this reference: the bytes are kept in the
       * store (putEvidence) and read from there when it is sent.
       */
      kind: 'document';
      to: UserRef;
      file: OutgoingFile;
      /** The caption shown with the document ('' for none); named like every other message's text. */
      text: string;
      /** A document has no buttons and changes no earlier message (so code reading these of any message compiles). */
      buttons?: never;
      messageRef?: never;
    };
