/**
 * The bench registry's contract. Every `bench/<suite>.bench.ts` exports `run(): Promise<Figure[]>`; index.ts
 * finds the files, so adding a suite never means editing a shared list.
 */
export interface Figure {
  /** stable name tracked across versions, e.g. "sale.p99_ms" */
  name: string;
  value: number;
  unit: string;
  /** the target on this machine, for people: "< 1 ms", ">= 80% of bare" */
  target?: string;
  /** whether the target was met, when the suite can tell */
  met?: boolean;
}

export type SuiteRun = () => Promise<Figure[]>;

/** Percentile of already-sorted samples (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
