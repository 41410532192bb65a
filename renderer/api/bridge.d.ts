import type { BranchBridge, BranchResult } from '../../shared/api/branch-api';

/**
 * The one object Electron's preload puts on the page (contextBridge.exposeInMainWorld('till', ...)). It is
 * absent in web mode, where the client falls back to fetch. Declared here once; the preload is written against
 * the same BranchBridge type.
 */
declare global {
  interface Window {
    till?: BranchBridge & {
      /** optional: Electron saves the current page (the receipt) as a PDF and answers where */
      printToPDF?: () => Promise<BranchResult<{ path: string }>>;
    };
  }
}

export {};
