// The Electron main process. Thin: the wiring is in startMain.ts, which the tests run against a
// stand-in for Electron, and the rules are in the small modules beside it.
import {
  BrowserWindow,
  app,
  dialog,
  ipcMain,
  protocol,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { startMainProcess } from './startMain.js';

startMainProcess(
  { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, utilityProcess },
  process.resourcesPath,
);
