import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { ProductView, StocktakeSheetSnapshot, stocktakeSheetRow } from '../../../shared/api/branch-api';
import { parseQuantity, type Milli } from '../../../shared/domain/quantity';
import { isFractionalUnit, UNITS, type Unit } from '../../../shared/domain/units';
import { useBranch, useBranchMutation } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { useScanToList } from './use-scan-to-list';

type SheetRow = z.infer<typeof stocktakeSheetRow>;

/**
 * A count of the shelf against the ledger. The count sheet lists what the ledger expects; the manager types what
 * is there; the variance of every counted line is shown before anything is written.
 */
export function StocktakeScreen() {
  const { t } = useTranslation();
  const branch = useBranch();
  const stocktake = useBranchMutation('stock.stocktake');
  const fmt = useFormat();
  const errorText = useErrorText();
  const [query, setQuery] = useState('');
  const [sheet, setSheet] = useState<SheetRow[] | null>(null);
  // Where the till's ledger stood when the sheet was read: what moves while counting goes on top of the count.
  const [snapshot, setSnapshot] = useState<StocktakeSheetSnapshot | null>(null);
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [reviewing, setReviewing] = useState(false);
  const [stocktakeId, setStocktakeId] = useState(() => uuidv7());
  // The sheet is read when the manager asks (not a query that refetches): it must hold still while they count.
  const [loading, setLoading] = useState(false);
  const busy = loading || stocktake.busy;
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ productId: string; variance: Milli; counted: Milli; before: Milli }[] | null>(null);
  const inputs = useRef(new Map<string, HTMLInputElement>());

  const load = async () => {
    setLoading(true);
    const r = await branch.read('stock.stocktakeSheet', { ...(query.trim() !== '' ? { query: query.trim() } : {}), limit: 500 });
    setLoading(false);
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setError(null);
    setResult(null);
    setSheet(r.value.rows);
    setSnapshot(r.value.snapshot);
    // A new sheet is a new count: its own id, so a retry of the previous commit cannot be mistaken for it.
    setStocktakeId(uuidv7());
    setCounts({});
    setReviewing(false);
  };

  // Scanning a product jumps to its row on the sheet, so a manager can count with the scanner in hand.
  const onView = useCallback((view: ProductView) => {
    const input = inputs.current.get(view.product.id);
    input?.focus();
    input?.scrollIntoView({ block: 'center' });
  }, []);
  const scan = useScanToList(onView, sheet !== null && !reviewing);

  type Count = { row: SheetRow; error: true } | { row: SheetRow; counted: Milli; variance: Milli };
  const counted = (sheet ?? []).flatMap((row): Count[] => {
    const text = counts[row.productId]?.trim() ?? '';
    if (text === '') return [];
    try {
      const q = parseQuantity(fmt.readNumber(text));
      // Counted goods are counted in whole units; a "4.5" for a product sold by the piece is a typo.
      const whole = !(UNITS as readonly string[]).includes(row.unit) || !isFractionalUnit(row.unit as Unit);
      return q < 0 || (whole && q % 1000 !== 0) ? [{ row, error: true }] : [{ row, counted: q, variance: q - row.expected }];
    } catch {
      return [{ row, error: true }];
    }
  });
  const invalid = counted.filter((c) => 'error' in c);
  const valid = counted.flatMap((c) => ('counted' in c ? [c] : []));

  const commit = async () => {
    const r = await stocktake.run({
      stocktakeId,
      counts: valid.map((c) => ({ productId: c.row.productId, counted: c.counted })),
      ...(snapshot === null ? {} : { snapshot }),
    });
    if (!r.ok) {
      setError(errorText(r.error));
      return;
    }
    setResult(r.value.variances);
    setSheet(null);
    setSnapshot(null);
    setCounts({});
    setReviewing(false);
    setStocktakeId(uuidv7());
  };

  const rowsShown = reviewing ? valid.map((c) => c.row) : (sheet ?? []);
  const byId = new Map(valid.map((c) => [c.row.productId, c] as const));

  return (
    <section className="panel stack" data-testid="stocktake-screen">
      <h2>{t('stocktake.title')}</h2>
      {!reviewing && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void load();
          }}
        >
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('stocktake.filter')} aria-label={t('stocktake.filter')} style={{ flex: 1 }} data-testid="stocktake-query" />
          <button type="submit" disabled={busy} data-testid="stocktake-load">
            {t('stocktake.load')}
          </button>
        </form>
      )}
      {scan.message !== null && <div className="notice bad">{scan.message}</div>}
      {error !== null && <div className="notice bad" role="alert" data-testid="stocktake-error">{error}</div>}
      {result !== null && (
        <div className="notice ok" role="status" data-testid="stocktake-done">
          {t('stocktake.done', { count: result.length, changed: result.filter((v) => v.variance !== 0).length })}
        </div>
      )}
      {sheet !== null && (
        <>
          {reviewing && <div className="notice info">{t('stocktake.reviewHint', { count: valid.length })}</div>}
          <table>
            <thead>
              <tr>
                <th>{t('cart.product')}</th>
                <th className="num">{t('stocktake.expected')}</th>
                <th>{t('stocktake.counted')}</th>
                <th className="num">{t('stocktake.variance')}</th>
              </tr>
            </thead>
            <tbody>
              {rowsShown.map((row) => {
                const c = byId.get(row.productId);
                const bad = invalid.some((x) => x.row.productId === row.productId);
                return (
                  <tr key={row.productId} data-testid="stocktake-row" data-product-id={row.productId} data-expected={row.expected}>
                    <td>
                      <strong>{row.name}</strong> <bdi className="muted">{row.sku}</bdi>
                    </td>
                    <td className="num">
                      <bdi>{fmt.qty(row.expected, row.unit)}</bdi>
                    </td>
                    <td>
                      {reviewing ? (
                        <bdi>{fmt.qty(c?.counted ?? 0, row.unit)}</bdi>
                      ) : (
                        <input
                          ref={(el) => {
                            if (el === null) inputs.current.delete(row.productId);
                            else inputs.current.set(row.productId, el);
                          }}
                          type="text"
                          inputMode="decimal"
                          dir="ltr"
                          value={counts[row.productId] ?? ''}
                          onChange={(e) => setCounts((cs) => ({ ...cs, [row.productId]: e.target.value }))}
                          aria-invalid={bad}
                          aria-label={t('stocktake.countOf', { name: row.name })}
                          style={{ width: 140, textAlign: 'end', borderColor: bad ? 'var(--bad)' : undefined }}
                          data-testid="stocktake-count"
                        />
                      )}
                    </td>
                    <td className={`num ${c === undefined ? '' : c.variance > 0 ? 'variance-pos' : c.variance < 0 ? 'variance-neg' : ''}`} data-testid="stocktake-variance" data-variance={c?.variance ?? ''}>
                      {c === undefined ? '' : <bdi>{(c.variance > 0 ? '+' : '') + fmt.qty(c.variance, row.unit)}</bdi>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {invalid.length > 0 && <div className="notice bad">{t('stocktake.invalid', { count: invalid.length })}</div>}
          <div className="row">
            {reviewing ? (
              <>
                <button type="button" className="big" onClick={() => setReviewing(false)} data-testid="stocktake-back">
                  {t('common.back')}
                </button>
                <button type="button" className="primary big" disabled={busy || valid.length === 0} onClick={() => void commit()} data-testid="stocktake-commit">
                  {busy ? t('common.working') : t('stocktake.commit', { count: valid.length })}
                </button>
              </>
            ) : (
              <button type="button" className="primary big" disabled={valid.length === 0 || invalid.length > 0} onClick={() => setReviewing(true)} data-testid="stocktake-review">
                {t('stocktake.review', { count: valid.length })}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
