import type { BranchBridge } from '../../shared/api/branch-api';

/**
 * The one object Electron's preload puts on the page (contextBridge.exposeInMainWorld('till', ...)). It is
 * absent in web mode, where the client falls back to fetch. Declared here once; the preload is written against
 * the same BranchBridge type.
 */
declare global {
  interface Window {
    till?: BranchBridge;
  }
}

export {};
