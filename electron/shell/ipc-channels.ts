/** The one IPC channel between the till's page and its backend; the preload and the main process share it. */
export const TILL_CALL_CHANNEL = 'till:call';
