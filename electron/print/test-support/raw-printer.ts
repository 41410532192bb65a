import { createServer, type Server } from 'node:net';

/**
 * A receipt printer's raw port (9100) on localhost, for tests: it keeps the bytes of each connection (one print
 * job each, as a real printer takes them) until the test reads them.
 */
export interface RawPrinter {
  port: number;
  /** the jobs received so far, each as one buffer */
  jobs: Buffer[];
  /** resolves once `n` jobs have arrived */
  waitForJobs(n: number): Promise<Buffer[]>;
  close(): Promise<void>;
}

export function startRawPrinter(): Promise<RawPrinter> {
  const jobs: Buffer[] = [];
  const waiters: Array<{ n: number; resolve: (jobs: Buffer[]) => void }> = [];
  const server: Server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      for (const w of waiters.filter((x) => jobs.length >= x.n)) w.resolve([...jobs]);
      socket.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : 0,
        jobs,
        waitForJobs: (n) => (jobs.length >= n ? Promise.resolve([...jobs]) : new Promise((r) => waiters.push({ n, resolve: r }))),
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
