import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

type WindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/**
 * The main window, with every item of Electron's security checklist that is a window setting
 * set explicitly (defaults have changed between Electron versions; explicit values cannot drift,
 * and tests and electronegativity can see them in this one literal).
 */
export function createMainWindow(BrowserWindow: WindowClass, preloadPath: string): BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Transfer Studio',
    backgroundColor: '#1976d2',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click (auxclick) could open links in new windows; the app has no use for it.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
}
