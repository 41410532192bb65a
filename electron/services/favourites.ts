import { DomainError } from '../../shared/domain/errors';
import type { ProductView } from '../../shared/api/branch-api';
import type { TillStore } from '../store';
import { favouriteProductIds, writeFavourites } from '../store/favourites-repo';
import { productView } from './catalog';

/**
 * The favourites grid at the checkout (issue 11, faster selling): up to 24 goods without a label, each a button
 * that adds it as a scan would. A product the till no longer sells drops out of the grid shown, and a manager
 * sets the grid again; a product the till does not know is refused when the grid is set.
 */
export const MAX_FAVOURITES = 24;

export function favourites(store: TillStore): ProductView[] {
  return favouriteProductIds(store).flatMap((id) => {
    const view = productView(store, id);
    return view === undefined || !view.product.active ? [] : [view];
  });
}

export function setFavourites(store: TillStore, productIds: readonly string[], byUserId: string, now: Date): ProductView[] {
  if (new Set(productIds).size !== productIds.length) throw new DomainError('INVALID_INPUT', 'a product is in the grid once');
  if (productIds.length > MAX_FAVOURITES) throw new DomainError('INVALID_INPUT', `the grid holds at most ${MAX_FAVOURITES} products`);
  for (const id of productIds) {
    const view = productView(store, id);
    if (view === undefined) throw new DomainError('UNKNOWN_PRODUCT', `product ${id} is not in this till's catalog`, { productId: id });
    if (!view.product.active) throw new DomainError('INACTIVE_PRODUCT', `${view.product.name} is no longer sold`, { productId: id });
  }
  store.transaction(() => writeFavourites(store, productIds, byUserId, now.toISOString()));
  return favourites(store);
}
