import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors';
import { printerConnection } from '../../shared/api/printer-api';
import { sendToPrinter } from './printer-transport';
import { startRawPrinter } from './test-support/raw-printer';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

describe('sendToPrinter', () => {
  it('sends the whole job to a network printer over its raw port', async () => {
    const printer = await startRawPrinter();
    cleanups.push(() => void printer.close());
    const job = new Uint8Array(200_000).map((_, i) => i % 251);
    await sendToPrinter({ kind: 'network', host: '127.0.0.1', port: printer.port }, job);
    const [received] = await printer.waitForJobs(1);
    expect(Buffer.compare(received as Buffer, Buffer.from(job))).toBe(0);
  });

  it('writes the job to a character device, and never creates, truncates or writes a regular file', async () => {
    // /dev/null is a character device, as /dev/usb/lp0 is: it takes the job
    await sendToPrinter({ kind: 'device', path: '/dev/null' }, new Uint8Array([0x1b, 0x40]));
    const dir = mkdtempSync(join(tmpdir(), 'till-printer-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'till.sqlite');
    writeFileSync(file, 'the ledger');
    await expect(sendToPrinter({ kind: 'device', path: `/dev/../${file}` }, new Uint8Array([1]))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(sendToPrinter({ kind: 'device', path: file }, new Uint8Array([1]))).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('the ledger');
    const missing = join(dir, 'lp0');
    await expect(sendToPrinter({ kind: 'device', path: missing }, new Uint8Array([1]))).rejects.toMatchObject({ details: { reason: 'printer_failed' } });
    expect(existsSync(missing)).toBe(false);
  });

  it('takes only printer devices as a setting: no ordinary file, no disk, no path out of /dev', () => {
    const ok = (path: string) => printerConnection.safeParse({ kind: 'device', path }).success;
    for (const p of ['/dev/usb/lp0', '/dev/lp1', '/dev/ttyUSB0', '/dev/ttyACM0', 'COM3', 'LPT1:', '\\\\.\\COM3', '\\\\localhost\\Receipt']) expect(ok(p), p).toBe(true);
    for (const p of ['/home/till/.data/till/till.sqlite', '/dev/sda', '/dev/../etc/passwd', '/dev/usb/../sda', 'lp0', 'C:\\till.sqlite', '\\\\host\\share\\file.txt']) expect(ok(p), p).toBe(false);
  });

  it('says which printer failed when nothing listens, and when a device cannot be written', async () => {
    const printer = await startRawPrinter();
    const port = printer.port;
    await printer.close();
    const refused = await sendToPrinter({ kind: 'network', host: '127.0.0.1', port }, new Uint8Array([1])).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('UNAVAILABLE');
    expect((refused as DomainError).message).toContain(`127.0.0.1:${port}`);
    const missing = await sendToPrinter({ kind: 'device', path: '/dev/usb/lp9' }, new Uint8Array([1])).catch((e: unknown) => e);
    expect((missing as DomainError).message).toContain('/dev/usb/lp9');
  });

  it('gives up on a printer that accepts the connection but never reads', async () => {
    // a server that pauses its socket: the kernel buffers fill and the write never completes
    const server = createServer((socket) => socket.pause());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => server.close());
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const big = new Uint8Array(64 * 1024 * 1024);
    const err = await sendToPrinter({ kind: 'network', host: '127.0.0.1', port }, big, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect((err as DomainError).message).toMatch(/did not answer/);
  });

  it('refuses to print with no printer set up', async () => {
    await expect(sendToPrinter({ kind: 'none' }, new Uint8Array([1]))).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'no_printer' } });
  });
});
