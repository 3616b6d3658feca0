/**
 * The project open in this tab, kept in the tab's session storage so that reloading the page
 * reopens it. Session, not local, storage: a reload or a restarted server keeps the tab's project,
 * while a new tab starts with the offer to carry on with the last project, and two tabs may hold
 * two projects without taking each other's over.
 */
const KEY = 'transfer-studio.open-project';

type SessionStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function tabStorage(): SessionStore | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    // Blocked storage (policies, some private windows): a reload then starts fresh, as before.
    return undefined;
  }
}

export function rememberedOpenProject(store: SessionStore | undefined): string | undefined {
  try {
    const folder = store?.getItem(KEY);
    return folder ? folder : undefined;
  } catch {
    return undefined;
  }
}

export function rememberOpenProject(store: SessionStore | undefined, folder: string | undefined) {
  try {
    if (folder) store?.setItem(KEY, folder);
    else store?.removeItem(KEY);
  } catch {
    // A full or blocked store costs only the reopening after a reload.
  }
}
