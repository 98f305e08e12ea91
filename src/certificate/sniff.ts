import type { FileHint } from './types.js';

export type FileKind = 'pdf' | 'image' | 'broken' | 'unsupported';

const startsWith = (bytes: Uint8Array, magic: number[], at = 0): boolean =>
  magic.every((b, i) => bytes[at + i] === b);

/**
 * What the file is, from its first bytes. The hint is not trusted (chat platforms send photos as
 * "application/octet-stream"); it only tells a broken PDF or image ("broken") from a file of another
 * kind ("unsupported"). A PDF header may follow some junk within the first 1024 bytes.
 */
export function sniffKind(bytes: Uint8Array, hint: FileHint = {}): FileKind {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image'; // JPEG
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image'; // PNG
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image'; // WebP
  const claimed = `${hint.mime ?? ''} ${hint.name ?? ''}`.toLowerCase();
  return /pdf|image\/(jpeg|png|webp)|\.(jpe?g|png|webp)\b/.test(claimed) ? 'broken' : 'unsupported';
}
