import { formKeys } from '../catalog.js';
import { RuleError, type ProfileDef, type ProfileInfo, type RuleRow } from '../types.js';
import { KUTAI_BARAT_2024 } from './kutai-barat-2024.js';
import { LAN_2018 } from './lan-2018.js';

export const DEFAULT_PROFILE = 'lan-2018';

/** Every profile, in listing order. A new profile is one more entry here: no new code path. */
const PROFILES: readonly ProfileDef[] = [LAN_2018, KUTAI_BARAT_2024];

export function listProfiles(): ProfileInfo[] {
  return PROFILES.map(({ id, name, description }) => ({ id, name, description }));
}

/** The profile with this id; RuleError 'unknown-profile' otherwise. */
export function getProfile(id: string): ProfileDef {
  const profile = PROFILES.find((p) => p.id === id);
  if (!profile) {
    const ids = PROFILES.map((p) => p.id).join(', ');
    throw new RuleError('unknown-profile', `Profil aturan tidak dikenal: '${id}'. Pilihan: ${ids}`, { profile: id });
  }
  return profile;
}

/** The row of a form in a profile; RuleError 'unknown-type' (listing the valid keys) otherwise. */
export function getRow(profile: ProfileDef, key: string): RuleRow {
  const row = Object.hasOwn(profile.rows, key) ? profile.rows[key] : undefined;
  if (!row) {
    throw new RuleError('unknown-type', `Bentuk bangkom tidak dikenal: '${key}'. Pilihan: ${formKeys().join(', ')}`, {
      type: key,
    });
  }
  return row;
}
