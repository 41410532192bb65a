import { parseArgs } from 'node:util';

export interface ShellArgs {
  /** the till database; default: till.sqlite in the app's user data folder */
  dbPath: string | undefined;
  serverUrl: string | undefined;
  token: string | undefined;
}

/**
 * Command line of the desktop app (`npm start` passes the database it prepared). Unknown flags are ignored
 * because Electron and Chromium add their own.
 */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      db: { type: 'string' },
      'server-url': { type: 'string' },
      token: { type: 'string' },
    },
    strict: false,
    allowPositionals: true,
  });
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
  return {
    dbPath: str(values.db) ?? str(process.env.TILL_DB),
    serverUrl: str(values['server-url']) ?? str(process.env.TILL_SERVER_URL),
    token: str(values.token) ?? str(process.env.TILL_TOKEN),
  };
}
