import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductView } from '../../../shared/api/branch-api';
import { useBranchMutation, useBranchQuery } from '../../app/branch-data';
import { useErrorText } from '../../app/format';
import { ProductSearch } from '../../components/ProductSearch';

/** A manager sets the checkout's favourites grid: found by name or SKU, in the order they are added. */
export function FavouritesEditor() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const saved = useBranchQuery('catalog.favourites', {}).data ?? null;
  const save = useBranchMutation('catalog.setFavourites');
  const [draft, setDraft] = useState<ProductView[] | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const list = draft ?? saved ?? [];
  const edit = (next: ProductView[]) => {
    setDraft(next);
    setMessage(null);
  };
  return (
    <fieldset className="stack" data-testid="favourites-editor">
      <legend>{t('favourites.title')}</legend>
      <p className="muted">{t('favourites.hint')}</p>
      <ol className="stack">
        {list.map((v, i) => (
          <li key={v.product.id} className="row" data-testid="favourites-item" data-product-id={v.product.id}>
            <span style={{ flex: 1 }}>{v.product.name}</span>
            <button type="button" disabled={i === 0} onClick={() => edit(list.map((x, j) => (j === i - 1 ? v : j === i ? (list[i - 1] as ProductView) : x)))} data-testid="favourites-up">
              {t('favourites.up')}
            </button>
            <button type="button" className="danger" onClick={() => edit(list.filter((x) => x.product.id !== v.product.id))} data-testid="favourites-remove">
              {t('favourites.remove')}
            </button>
          </li>
        ))}
      </ol>
      <ProductSearch testId="favourites-search" onPick={(v) => (list.some((x) => x.product.id === v.product.id) ? undefined : edit([...list, v]))} />
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={draft === null || save.busy}
          onClick={async () => {
            if (draft === null) return;
            const r = await save.run({ productIds: draft.map((v) => v.product.id) });
            if (r.ok) {
              setDraft(null);
              setMessage({ ok: true, text: t('settings.saved') });
            } else setMessage({ ok: false, text: errorText(r.error) });
          }}
          data-testid="favourites-save"
        >
          {t('common.save')}
        </button>
      </div>
      {message !== null && (
        <div className={`notice ${message.ok ? 'ok' : 'bad'}`} role={message.ok ? 'status' : 'alert'} data-testid={message.ok ? 'favourites-saved' : 'favourites-error'}>
          {message.text}
        </div>
      )}
    </fieldset>
  );
}
