import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The app's own folder, ~/.transfer-studio (or $TRANSFER_STUDIO_HOME): projects, runs, uploads,
 * the trash, the recent-project note. Each has its own variable too, for tests and classrooms.
 */
export function appHome(env: Record<string, string | undefined>): string {
  return env['TRANSFER_STUDIO_HOME'] || join(homedir(), '.transfer-studio');
}

/** A folder of the app's home, or the path its own variable names. */
export function appFolder(
  env: Record<string, string | undefined>,
  name: 'runs' | 'uploads' | 'trash' | 'projects',
): string {
  return env[`TRANSFER_STUDIO_${name.toUpperCase()}`] || join(appHome(env), name);
}
