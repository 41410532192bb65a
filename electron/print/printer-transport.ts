import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import type { PrinterConnection } from '../../shared/api/printer-api';
import { DomainError } from '../../shared/domain/errors';

/** A printer that has not taken the job by then is off, out of paper with its buffer full, or not there. */
const NETWORK_TIMEOUT_MS = 5_000;

/**
 * Sends a finished job to the printer, raw. A network printer (port 9100) takes the bytes over one TCP connection
 * and prints as they come; the job is sent once the printer has closed or acknowledged the end of the stream.
 * A device is written as a file. Any failure is UNAVAILABLE with what happened, and nothing is retried: a
 * receipt printed twice is worse than a cashier pressing Print again.
 */
export async function sendToPrinter(connection: PrinterConnection, job: Uint8Array, opts: { timeoutMs?: number } = {}): Promise<void> {
  if (connection.kind === 'none') throw new DomainError('UNAVAILABLE', 'no receipt printer is set up at this till', { reason: 'no_printer' });
  if (connection.kind === 'device') {
    try {
      await writeFile(connection.path, job);
    } catch (e) {
      throw new DomainError('UNAVAILABLE', `the receipt printer at ${connection.path} cannot be written to`, { reason: 'printer_failed', printer: connection.path, cause: e instanceof Error ? e.message : String(e) });
    }
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
