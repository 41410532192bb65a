import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductView } from '../../shared/api/branch-api';
import { useBranchQuery } from '../app/branch-data';
import { useErrorText, useFormat } from '../app/format';

export const SEARCH_DEBOUNCE_MS = 250;

/**
 * Search by name or SKU, for goods without a readable barcode. Debounced so typing does not query on every key;
 * the results of the previous query stay until the newer query's answer, and a late answer to an older query is
 * not shown.
 */
export function ProductSearch(props: { onPick: (view: ProductView) => void; inputRef?: React.RefObject<HTMLInputElement | null>; testId?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const [query, setQuery] = useState('');
  // What was asked last (after the debounce) and what was asked before it.
  const [asked, setAsked] = useState({ text: '', after: '' });
  const [open, setOpen] = useState(true);
  const testId = props.testId ?? 'search';

  const q = query.trim();
  useEffect(() => {
    // An emptied box asks nothing, at once; a query waits until the typing pauses.
    const timer = setTimeout(() => setAsked((a) => (a.text === q ? a : { text: q, after: a.text })), q.length === 0 ? 0 : SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q]);
  const search = useBranchQuery(
    'catalog.search',
    { query: asked.text, limit: 12 },
    // While a refined query is asked, the list of the one before stays; after the box was emptied there is nothing to keep.
    { enabled: asked.text.length > 0, keepPrevious: asked.after.length > 0 },
  );
  const shown = q.length > 0 && asked.text.length > 0;
  const results = shown ? (search.data ?? null) : null;
  const error = shown && search.error !== null ? errorText(search.error) : null;

  const pick = (v: ProductView) => {
    props.onPick(v);
    setQuery('');
  };

  return (
    <div
      style={{ position: 'relative', flex: 1, display: 'flex' }}
      onBlur={(e) => {
        // Leaving the search (not for one of its own results) closes the list; the query stays for a return.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
      onFocus={() => setOpen(true)}
    >
      <input
        ref={props.inputRef}
        type="search"
        dir="auto"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setQuery('');
          if (e.key === 'Enter' && results !== null && results[0] !== undefined) pick(results[0]);
          if (e.key === 'ArrowDown') (document.querySelector(`[data-testid="${testId}-result"]`) as HTMLElement | null)?.focus();
        }}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        data-testid={`${testId}-input`}
        autoComplete="off"
        style={{ flex: 1 }}
      />
      {open && (results !== null || error !== null) && (
        <div className="results" role="listbox" data-testid={`${testId}-results`}>
          {error !== null && <div className="notice bad">{error}</div>}
          {results?.length === 0 && <div className="empty">{t('search.none', { query })}</div>}
          {results?.map((v) => (
            <button
              key={v.product.id}
              type="button"
              role="option"
              aria-selected={false}
              onClick={() => pick(v)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') (e.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
                if (e.key === 'ArrowUp') (e.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
              }}
              data-testid={`${testId}-result`}
              data-product-id={v.product.id}
            >
              <span>
                <strong>{v.product.name}</strong>{' '}
                <bdi className="muted">{v.product.sku}</bdi>
              </span>
              <span>
                <bdi>{fmt.money(v.product.price, v.product.currency)}</bdi> · {v.available > 0 ? t('search.available', { qty: fmt.qty(v.available, v.product.unit) }) : t('search.noneAvailable')}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
