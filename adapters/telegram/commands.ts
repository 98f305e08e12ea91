import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Lang } from '../../src/domain/types.js';
import { catalog } from '../../src/engine/i18n/index.js';

/** The "/" menu Telegram shows, from the message catalog; every command is one the engine understands. */
export function menu(lang: Lang): BotCommand[] {
  return Object.entries(catalog(lang).commandMenu).map(([command, description]) => ({ command, description }));
}

/** Publishes the menu: Indonesian by default, English for users whose Telegram is in English. */
export async function setCommands(api: Api): Promise<void> {
  await api.setMyCommands(menu('id'));
  await api.setMyCommands(menu('en'), { language_code: 'en' });
}
