import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The app's own folder, ~/.transfer-studio (or $TRANSFER_STUDIO_HOME): projects, runs, uploads,
 * the trash, the feature cache, the installed base models, the recent-project note. Every folder
 * the app keeps is under it, so one variable moves them all (a classroom's shared drive, a test);
 * each also has its own variable, which wins.
 */
export function appHome(env: Record<string, string | undefined>): string {
  return env['TRANSFER_STUDIO_HOME'] || join(homedir(), '.transfer-studio');
}

/** A folder of the app's home, or the path its own variable names. */
export function appFolder(env: Record<string, string | undefined>, name: AppFolderName): string {
  return env[`TRANSFER_STUDIO_${name.toUpperCase()}`] || join(appHome(env), name);
}

/** The app's folders; `models` is the pack store ($TRANSFER_STUDIO_MODELS), `cache` the features. */
export type AppFolderName = 'runs' | 'uploads' | 'trash' | 'projects' | 'cache' | 'models';
