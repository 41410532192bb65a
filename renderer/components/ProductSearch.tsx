import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductView } from '../../shared/api/branch-api';
import { useApi } from '../app/api-context';
import { useErrorText, useFormat } from '../app/format';

export const SEARCH_DEBOUNCE_MS = 250;

/**
 * Search by name or SKU, for goods without a readable barcode. Debounced so typing does not query on every key;
 * an answer that arrives after a newer query started is dropped.
 */
export function ProductSearch(props: { onPick: (view: ProductView) => void; inputRef?: React.RefObject<HTMLInputElement | null>; testId?: string }) {
  const { t } = useTranslation();
  const client = useApi();
  const fmt = useFormat();
  const errorText = useErrorText();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ProductView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(true);
  const latest = useRef(0);
  const testId = props.testId ?? 'search';

  useEffect(() => {
    const q = query.trim();
    const n = ++latest.current;
    if (q.length === 0) {
      setResults(null);
      return;
    }
    const timer = setTimeout(async () => {
      const r = await client.call('catalog.search', { query: q, limit: 12 });
      if (n !== latest.current) return;
      if (r.ok) {
        setResults(r.value);
        setError(null);
      } else setError(errorText(r.error));
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, client, errorText]);

  const pick = (v: ProductView) => {
    props.onPick(v);
    setQuery('');
    setResults(null);
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
                <strong>{v.product.name}</strong> <span className="muted">{v.product.sku}</span>
              </span>
              <span>
                {fmt.money(v.product.price, v.product.currency)} · {v.available > 0 ? t('search.available', { qty: fmt.qty(v.available, v.product.unit) }) : t('search.noneAvailable')}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
