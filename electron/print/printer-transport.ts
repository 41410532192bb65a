import { open } from 'node:fs/promises';
import { connect } from 'node:net';
import type { PrinterConnection } from '../../shared/api/printer-api';
import { DomainError } from '../../shared/domain/errors';

/** A printer that has not taken the job by then is off, out of paper with its buffer full, or not there. */
const NETWORK_TIMEOUT_MS = 5_000;

/**
 * Sends a finished job to the printer, raw. A network printer (port 9100) takes the bytes over one TCP connection
 * and prints as they come; the job counts as sent once every byte is handed to the connection and the end of the
 * stream written (a printer that stops reading runs into the timeout). A device is written directly (see
 * writeToDevice). Any failure is UNAVAILABLE with what happened, and nothing is retried: a receipt printed twice
 * is worse than a cashier pressing Print again.
 */
export async function sendToPrinter(connection: PrinterConnection, job: Uint8Array, opts: { timeoutMs?: number } = {}): Promise<void> {
  if (connection.kind === 'none') throw new DomainError('UNAVAILABLE', 'no receipt printer is set up at this till', { reason: 'no_printer' });
  if (connection.kind === 'device') {
    await writeToDevice(connection.path, job);
    return;
  }
  const where = `${connection.host}:${connection.port}`;
  const timeoutMs = opts.timeoutMs ?? NETWORK_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: connection.host.replace(/^\[|\]$/g, ''), port: connection.port });
    let settled = false;
    const fail = (message: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(new DomainError('UNAVAILABLE', message, { reason: 'printer_failed', printer: where, ...(cause === undefined ? {} : { cause: cause instanceof Error ? cause.message : String(cause) }) }));
    };
    socket.setTimeout(timeoutMs, () => fail(`the receipt printer at ${where} did not answer in ${Math.round(timeoutMs / 1000)} s`));
    socket.once('error', (e) => fail(`the receipt printer at ${where} cannot be reached`, e));
    socket.once('connect', () => {
      socket.end(job, () => {
        // every byte is handed to the kernel; the printer reads on from its buffer
        if (settled) return;
        settled = true;
        socket.destroy();
        resolve();
      });
    });
  });
}

/**
 * Writes to a printer's device: opened for writing without creating or truncating anything (a device that is not
 * there, a printer unplugged, is an error, never a new file), never an ordinary file, and under /dev only a
 * character device: a settings slip can never write over a file or a disk.
 */
async function writeToDevice(path: string, job: Uint8Array): Promise<void> {
  const failed = (why: string, e?: unknown) =>
    new DomainError('UNAVAILABLE', `the receipt printer at ${path} ${why}`, { reason: 'printer_failed', printer: path, ...(e === undefined ? {} : { cause: e instanceof Error ? e.message : String(e) }) });
  let handle;
  try {
    handle = await open(path, 'r+');
  } catch (e) {
    throw failed('cannot be opened: is it plugged in and switched on?', e);
  }
  try {
    const kind = await handle.stat();
    // a shared Windows printer (\\\\host\\printer) is the spooler's to say; anything else must be a device
    const share = path.startsWith('\\\\') && !path.startsWith('\\\\.\\');
    if (!share && (kind.isFile() || kind.isDirectory() || (path.startsWith('/dev/') && !kind.isCharacterDevice()))) throw failed('is not a printer device');
    await handle.write(job);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw failed('cannot be written to', e);
  } finally {
    await handle.close();
  }
}
