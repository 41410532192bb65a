import type { BranchData } from '../app/branch-data';
import { useCartStore } from './cart-store';
import { isEmptyCart, savedFromCart } from './open-cart';

/**
 * Keeps the open cart in the till's database while a user is logged in: first restores what the backend kept
 * (a reload, a restart after a power cut), then saves every change. Saves never overlap: while one is on its
 * way, later changes wait and only the newest is sent next. Returns the stop function; stop before the cart is
 * reset at logout, or the reset would be saved as "no cart".
 *
 * A basket already on screen when the saved one arrives (a scan in the few milliseconds after login) wins and
 * replaces the saved one.
 */
export const LOAD_RETRY_MS = 2000;
/**
 * How long after a change its save starts; changes in between go with it. A save is a durable SQLite write on
 * the backend's one thread, so saving on every scan would make the next scan's lookup wait for it (measured:
 * +2 ms at the median of `npm run bench -- --only scan`). At most this much of a basket is lost to a power cut,
 * and a reload or a closing window sends what is pending at once.
 */
export const SAVE_DELAY_MS = 250;

export function startCartPersistence(branch: Pick<BranchData, 'read' | 'write'>): () => void {
  let stopped = false;
  let inFlight = false;
  let dirty = false;
  let unsubscribe: (() => void) | null = null;

  const save = async (): Promise<void> => {
    if (stopped) return;
    if (inFlight) {
      dirty = true;
      return;
    }
    inFlight = true;
    try {
      do {
        dirty = false;
        // A failed save is retried with the next change; BranchData handles a lost session.
        await branch.write('cart.save', savedFromCart(useCartStore.getState().cart));
      } while (dirty && !stopped);
    } finally {
      inFlight = false;
    }
  };

  let retry: ReturnType<typeof setTimeout> | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const load = async (): Promise<void> => {
    const r = await branch.read('cart.load', {});
    if (stopped) return;
    if (!r.ok) {
      // Saving before the kept cart is known could overwrite it with an empty one: ask again first.
      retry = setTimeout(() => void load(), LOAD_RETRY_MS);
      return;
    }
    const local = useCartStore.getState().cart;
    if (r.value !== null && isEmptyCart(local)) useCartStore.getState().restore(r.value);
    else if (!isEmptyCart(local)) void save();
    unsubscribe = useCartStore.subscribe((state, prev) => {
      // Not in the store's own update: that runs before React draws the line, and a scan's latency ends when
      // the line is drawn. A moment later, changes that came together go as one save.
      if (state.cart !== prev.cart && pending === undefined) {
        pending = setTimeout(() => {
          pending = undefined;
          void save();
        }, SAVE_DELAY_MS);
      }
    });
  };
  void load();

  const flush = (): void => {
    if (pending === undefined) return;
    clearTimeout(pending);
    pending = undefined;
    void save();
  };
  const win = typeof window === 'undefined' ? null : window;
  win?.addEventListener('pagehide', flush);

  return () => {
    win?.removeEventListener('pagehide', flush);
    stopped = true;
    if (retry !== undefined) clearTimeout(retry);
    if (pending !== undefined) clearTimeout(pending);
    unsubscribe?.();
  };
}
