import { useTranslation } from 'react-i18next';
import type { ProductView } from '../../../shared/api/branch-api';
import { useBranchQuery } from '../../app/branch-data';
import { useFormat } from '../../app/format';

/**
 * The favourites grid (issue 11): the goods without a label, a touch each (bread, parsley, loose nuts), set by a
 * manager in Settings. A touch adds the product as a scan would; a weighed one then takes its weight in the line's
 * box. Nothing shows until a manager sets some.
 */
export function FavouritesGrid(props: { onPick: (view: ProductView) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const views = useBranchQuery('catalog.favourites', {}).data ?? [];
  if (views.length === 0) return null;
  return (
    <nav className="favourites no-print" aria-label={t('favourites.title')} data-testid="favourites-grid">
      {views.map((v) => (
        <button key={v.product.id} type="button" onClick={() => props.onPick(v)} data-testid="favourite" data-product-id={v.product.id}>
          <span className="name">{v.product.name}</span>
          <span className="muted">
            <bdi>{fmt.money(v.product.price, v.product.currency)}</bdi>
          </span>
        </button>
      ))}
    </nav>
  );
}
