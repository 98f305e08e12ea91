import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';

/** The "/" menu Telegram shows; every command is one the engine already understands. */
export const COMMANDS: { id: BotCommand[]; en: BotCommand[] } = {
  id: [
    { command: 'lapor', description: 'Laporkan kegiatan pengembangan kompetensi' },
    { command: 'jp', description: 'Total JP saya tahun ini' },
    { command: 'riwayat', description: 'Daftar kegiatan tahun ini' },
    { command: 'status', description: 'Laporan yang menunggu persetujuan' },
    { command: 'persetujuan', description: '(Atasan) laporan bawahan yang menunggu keputusan' },
    { command: 'batal', description: 'Batalkan laporan yang sedang diisi' },
    { command: 'bantuan', description: 'Apa yang bisa saya bantu' },
    { command: 'bahasa', description: 'Ganti bahasa: /bahasa en atau /bahasa id' },
  ],
  en: [
    { command: 'lapor', description: 'Report a competency-development activity' },
    { command: 'jp', description: 'My learning hours (JP) this year' },
    { command: 'riwayat', description: 'Activities this year' },
    { command: 'status', description: 'Reports waiting for approval' },
    { command: 'persetujuan', description: '(Supervisor) reports waiting for your decision' },
    { command: 'batal', description: 'Cancel the report in progress' },
    { command: 'bantuan', description: 'Help' },
    { command: 'bahasa', description: 'Language: /bahasa en or /bahasa id' },
  ],
};

/** Publishes the menu: Indonesian by default, English for users whose Telegram is in English. */
export async function setCommands(api: Api): Promise<void> {
  await api.setMyCommands(COMMANDS.id);
  await api.setMyCommands(COMMANDS.en, { language_code: 'en' });
}
