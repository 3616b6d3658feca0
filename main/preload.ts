// The preload, bundled into one CommonJS file (a sandboxed preload can require nothing but
// 'electron'): the contract's channels and the dropped-file path lookup, and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { PRELOAD_GLOBAL } from '../src/common/contract/bridge.js';
import { createPreloadApi } from './preloadApi.js';

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, createPreloadApi(ipcRenderer, webUtils));
