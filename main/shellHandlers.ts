import { stat } from 'node:fs/promises';
import type { BaseWindow, Dialog, OpenDialogOptions, Shell } from 'electron';
import type { ShellHandlers } from '../src/common/contract/contract.js';

export interface ShellDeps {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  shell: Pick<Shell, 'showItemInFolder'>;
  window: () => BaseWindow | undefined;
  /** The session's camera gate (hardenSession): armed when the page says the user asked. */
  camera?: { requested(): void };
}

const TITLES = {
  folder: 'Choose a dataset folder (one sub-folder per class)',
  zip: 'Choose a zipped dataset',
  export: 'Choose where to export the model',
  project: 'Choose a project folder',
  pack: 'Choose a model pack folder (a Teachable Machine export, a TF.js model or a Transfer Studio pack)',
} as const;

/**
 * The shell's channels in the desktop app: native open dialogs, and showing a file in the
 * system's file manager (showItemInFolder, never openExternal, and only for a path that exists).
 */
export function electronShellHandlers(deps: ShellDeps): ShellHandlers {
  const pick = async (options: OpenDialogOptions) => {
    const window = deps.window();
    const result = window
      ? await deps.dialog.showOpenDialog(window, options)
      : await deps.dialog.showOpenDialog(options);
    return { path: result.canceled ? null : (result.filePaths[0] ?? null) };
  };
  return {
    'shell.pickDataset': ({ kind }) =>
      pick(
        kind === 'folder'
          ? { title: TITLES.folder, properties: ['openDirectory'] }
          : {
              title: TITLES.zip,
              properties: ['openFile'],
              filters: [{ name: 'Zip archives', extensions: ['zip'] }],
            },
      ),
    'shell.pickFolder': ({ purpose }) =>
      pick({ title: TITLES[purpose], properties: ['openDirectory', 'createDirectory'] }),
    'shell.showInFolder': async ({ path }) => {
      if (!(await stat(path).catch(() => undefined))) return { shown: false };
      deps.shell.showItemInFolder(path);
      return { shown: true };
    },
    'shell.requestCamera': async () => {
      deps.camera?.requested();
      return { armed: deps.camera !== undefined };
    },
  };
}
