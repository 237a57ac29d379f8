import { versionName } from './labels';

/**
 * The lexicon versions a report drew on, as a reader names them (医疗器械 · 第 2 版、…), never
 * their ids (`medical_devices@2+…`, shown on hover by the caller); — when there are none.
 */
export function versionsName(versionIds: readonly string[]): string {
  return versionIds.map((v) => versionName(v)).join('、') || '—';
}
