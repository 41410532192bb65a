import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { DomainError } from '../../shared/domain/errors';

const SQLITE_HEADER = 'SQLite format 3\u0000';

export function corruptDatabase(path: string, detail: string): DomainError {
  return new DomainError(
    'CORRUPT_DATABASE',
    `The till database ${path} is damaged (${detail}). Do not sell on this till: close it, keep the file as it is ` +
      'for support, and restore the last backup or re-enrol the till (sales already synced are safe on the server).',
    { path, detail },
  );
}

/**
 * A file that exists but does not start with the SQLite header is refused before SQLite touches it: opening a
 * garbage file read-write could otherwise turn it into a fresh, empty database and sell on nothing.
 */
export function assertSqliteHeader(path: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return; // no file yet: a new till
  }
  if (size === 0) return;
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    if (read < 16 || header.toString('latin1') !== SQLITE_HEADER) throw corruptDatabase(path, 'not an SQLite database file');
  } finally {
    closeSync(fd);
  }
}

/** SQLite's own codes for a damaged or foreign file. */
export function isCorruptionError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}
