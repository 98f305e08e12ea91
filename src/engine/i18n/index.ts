import type { Lang } from '../../domain/types.js';
import { en } from './en.js';
import { id, type Catalog } from './id.js';

export type { Catalog };

export function catalog(lang: Lang | undefined): Catalog {
  return lang === 'en' ? en : id;
}
