import { contextBridge, ipcRenderer } from 'electron';
import type { BranchBridge } from '../../shared/api/branch-api';
import { TILL_CALL_CHANNEL } from './ipc-channels';

/**
 * The page gets exactly one object, `window.till`, with one function. No ipcRenderer, no Node: a compromised page
 * can call the branch API (which checks sessions and validates every input) and nothing else.
 */
const till = {
  call: (method, input) => ipcRenderer.invoke(TILL_CALL_CHANNEL, method, input),
} satisfies BranchBridge;

contextBridge.exposeInMainWorld('till', till);
