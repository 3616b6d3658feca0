import type { ShellHandlers } from '../../../common/contract/contract.js';
import { AppError } from '../../../common/errors.js';

const NO_DIALOGS =
  'Browser mode has no file dialogs (a web page cannot see your disk): type or paste the path, or drop the folder on the window.';

/** The shell's channels in browser mode: native dialogs exist only in the desktop app. */
export const browserShellHandlers: ShellHandlers = {
  'shell.pickDataset': () => Promise.reject(new AppError('UNSUPPORTED', NO_DIALOGS)),
  'shell.pickFolder': () => Promise.reject(new AppError('UNSUPPORTED', NO_DIALOGS)),
  'shell.showInFolder': async () => ({ shown: false }),
  // The browser asks the user itself; there is no gate of the app's own to open.
  'shell.requestCamera': async () => ({ armed: false }),
};
