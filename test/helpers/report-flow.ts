import type { OutLine, ScriptDriver } from './script-driver.js';

export interface WebinarAnswers {
  title?: string;
  organizer?: string;
  scope?: 'Nasional' | 'Internasional';
  start?: string;
  /** Typed end date; the "Sama dengan tanggal mulai" button when absent. */
  end?: string;
  /** Label of the days button offered from the dates. */
  days?: string;
}

/** Answers a webinar report the way a user would, up to its summary; returns the summary lines. */
export async function webinarToSummary(chat: ScriptDriver, user: string, a: WebinarAnswers = {}): Promise<OutLine[]> {
  await chat.say(user, 'lapor webinar');
  await chat.say(user, a.title ?? 'Webinar Literasi Digital');
  await chat.say(user, a.organizer ?? 'BPSDM Provinsi');
  await chat.press(user, a.scope ?? 'Nasional');
  await chat.say(user, a.start ?? '2026-03-10');
  if (a.end) await chat.say(user, a.end);
  else await chat.press(user, 'Sama dengan tanggal mulai');
  await chat.press(user, a.days ?? '1 hari');
  await chat.press(user, 'Tidak ada');
  await chat.press(user, 'Lewati');
  return chat.press(user, 'Lewati');
}
