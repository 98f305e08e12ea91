import type { Lang } from '../domain/types.js';
import { controlWord } from './words.js';
import { opensWithForm } from './report/understand-forms.js';

export type Intent =
  | { kind: 'link'; code?: string }
  | { kind: 'start' }
  | { kind: 'report'; hint?: string }
  | { kind: 'jp'; year?: number | 'last' }
  | { kind: 'history'; year?: number | 'last' }
  | { kind: 'status' }
  | { kind: 'help' }
  | { kind: 'lang'; lang?: Lang }
  | { kind: 'approvals' }
  | { kind: 'rekap'; year?: number | 'last'; unit?: string }
  | { kind: 'invite'; nip?: string }
  /** The Kartu Data as a PDF: one's own, or (`nip`, as typed) someone else's. */
  | { kind: 'kartu'; nip?: string }
  /** A one-time sign-in link to the HR dashboard in the browser. */
  | { kind: 'dashboard' }
  /** The yearly plan (rencana) of the year being prepared, or of `year`. */
  | { kind: 'plan'; year?: number }
  /** "mulai": an accepted plan item starts. */
  | { kind: 'plan-start' }
  /** "buka rencana NIP" (admin): proposals reopened for one employee after the deadline. */
  | { kind: 'plan-reopen'; nip?: string }
  | { kind: 'cancel' }
  | { kind: 'unknown' };

/** "persetujuan", "persetujuan saya", "daftar persetujuan", "lihat persetujuan", "my approvals". */
const APPROVALS = /^(?:(?:daftar|lihat|cek) )?(?:persetujuan|approvals?|setujui)(?: saya)?$|^my approvals?$/;
/** "status", "status laporan", "cek status", "status saya", "status laporan saya", "check status", "my status". */
const STATUS =
  /^(?:(?:cek|lihat|check) )?(?:status|pending|menunggu)(?: (?:laporan|report|reports))?(?: (?:saya|ku|my|mine))?$|^my (?:status|pending reports?)$|^(?:report|reports) status$/;

function yearIn(text: string): number | 'last' | undefined {
  const m = /\b(20\d\d|19\d\d)\b/.exec(text);
  if (m?.[1]) return Number(m[1]);
  if (/tahun lalu|last year|tahun kemarin/.test(text)) return 'last';
  return undefined;
}

/** Reads what the user asks for from free text or a slash command (also `/cmd@botname`). */
export function parseIntent(raw: string): Intent {
  const text = raw.trim().replace(/^\/(\w+)@\w+/, '/$1').replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  const word = lower.replace(/^\//, '');
  const slashed = lower.startsWith('/');

  let m = /^\/start(?:\s+([A-Za-z0-9]{4}(?:\s+[A-Za-z0-9]{4}){1,2}|\S+))?$/i.exec(text);
  if (m) return m[1] ? { kind: 'link', code: m[1] } : { kind: 'start' };
  // Before "daftar KODE": "daftar persetujuan" is the list of approvals, not an invite code.
  const bare = word.replace(/[?.!]+$/, '');
  if (APPROVALS.test(bare)) return { kind: 'approvals' };
  if (STATUS.test(bare)) return { kind: 'status' };
  // A code as shown (XXXX-XXXX-XXXX) may be typed with spaces between its groups of four.
  m = /^\/?(?:daftar|register|link)(?:\s+([A-Za-z0-9]{4}(?:\s+[A-Za-z0-9]{4}){1,2}|\S+))?$/i.exec(text);
  if (m) return m[1] ? { kind: 'link', code: m[1] } : { kind: 'link' };

  if (controlWord(text) === 'cancel') return { kind: 'cancel' };
  // The hint keeps its case: the report takes its title and organiser from it ("tentang SPBE dari Kominfo").
  m = /^(?:lapor(?:kan)?|report)(?:\s+kegiatan)?\b\s*(.*)$/i.exec(text.replace(/^\//, ''));
  if (m) return m[1] ? { kind: 'report', hint: m[1] } : { kind: 'report' };
  if (/^(saya |aku |sudah |baru |i |i have |have )*(ikut|mengikuti|selesai ikut|attended|joined)\b/.test(word)) return { kind: 'report', hint: text.replace(/^\//, '') };

  if (/^(bantuan|help|menu|tolong|\?|start)$/.test(word)) return { kind: 'help' };
  if (/^(halo|hallo|hai|hi|hello|pagi|siang|sore|malam|selamat (pagi|siang|sore|malam)|assalamu.?alaikum)\b/.test(word)) {
    return { kind: 'start' };
  }
  m = /^(?:bahasa|language|lang)(?:\s+(\w+))?$/.exec(word);
  if (m) {
    const v = m[1];
    if (v && /^(en|english|inggris)$/.test(v)) return { kind: 'lang', lang: 'en' };
    if (v && /^(id|indonesia|indonesian)$/.test(v)) return { kind: 'lang', lang: 'id' };
    return { kind: 'lang' };
  }
  m = /^(?:undang|invite)(?:\s+(.+))?$/.exec(word);
  if (m) return m[1] ? { kind: 'invite', nip: m[1] } : { kind: 'invite' };
  // "kartu", "kartu data", "/kartu", "kartu data saya", "my data card"; with a NIP (spaced as printed): another's.
  m = /^(?:kartu(?: data)?(?: pengembangan kompetensi)?|(?:my )?(?:data|competency) card)(?: (.+))?$/.exec(word);
  if (m) return m[1] && !/^(?:saya|ku|sendiri|saya sendiri|mine)$/.test(m[1]) ? { kind: 'kartu', nip: m[1] } : { kind: 'kartu' };
  if (/^(?:dasbor|dashboard)(?: (?:sdm|hr))?$/.test(bare)) return { kind: 'dashboard' };
  // "rencana", "usulan", "/rencana", "rencana saya", "rencana 2027", "my plan"; "buka rencana NIP" (admin); "mulai".
  m = /^(?:buka(?: kembali)? rencana|reopen plan)(?: (.+))?$/.exec(bare);
  if (m) return m[1] ? { kind: 'plan-reopen', nip: m[1] } : { kind: 'plan-reopen' };
  m = /^(?:(?:rencana|usulan)(?: (?:saya|bangkom|pengembangan kompetensi|rencana))?|(?:my )?(?:development )?plan)(?: (?:tahun |year )?(20\d\d))?$/.exec(bare);
  if (m) return m[1] ? { kind: 'plan', year: Number(m[1]) } : { kind: 'plan' };
  if (/^(?:mulai(?: kegiatan)?|start activity)$/.test(bare)) return { kind: 'plan-start' };
  m = /^(?:rekap|recap|rekapitulasi)\b\s*(.*)$/.exec(word);
  if (m) {
    const rest = m[1] ?? '';
    const year = yearIn(rest);
    const unit = text
      .replace(/^\/?\S+\s*/, '')
      .replace(/\b(?:tahun|year)\s+(?=(?:20|19)\d\d\b)/i, '')
      .replace(/\b(20\d\d|19\d\d)\b/, '')
      .replace(/\b(?:tahun lalu|tahun kemarin|last year|tahun ini|this year)\b/i, '')
      .replace(/\s+/g, ' ')
      .trim();
    return { kind: 'rekap', ...(year ? { year } : {}), ...(unit ? { unit } : {}) };
  }
  if (/^(riwayat|history|histori)\b/.test(word)) {
    const year = yearIn(word);
    return { kind: 'history', ...(year ? { year } : {}) };
  }
  // "coaching 2 sesi bulan ini", "e-learning ASN Unggul 6 JP": a message opening with a form's name reports it.
  if (!slashed && opensWithForm(text)) return { kind: 'report', hint: text };
  if (/\bjp\b|jam pelajaran|tahun lalu|learning hours/.test(word)) {
    const year = yearIn(word);
    return { kind: 'jp', ...(year ? { year } : {}) };
  }
  return { kind: 'unknown' };
}
