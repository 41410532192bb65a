import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseQuantity } from '../../../shared/domain/quantity';
import { isFractionalUnit } from '../../../shared/domain/units';
import { isDomainError } from '../../../shared/domain/errors';
import { useCartStore } from '../../stores/cart-store';
import * as cartRules from '../../stores/cart';
import { cartTotals, linePrice, packCount, shownUnitPrice, type CartLine } from '../../stores/cart';
import { DiscountDialog } from './DiscountDialog';
import { PriceDialog } from './PriceDialog';
import { cartRefusalText } from './cart-refusal';
import { useFormat } from '../../app/format';
import { useVoidApproval } from './use-void-approval';

/**
 * The cart lines. Also where a scan's latency ends: once React has committed the line a scan touched, the
 * `cart:<code>` mark is set and `scan-to-cart` measured from the `scan:<code>` mark the scanner set.
 */
/** `onDialog`: a line's discount dialog opened or closed (the checkout holds the scanner and its keys meanwhile) */
export function CartTable(props: { focusKey: string | null; onError: (text: string) => void; onDialog?: (open: boolean) => void }) {
  const { t } = useTranslation();
  const cart = useCartStore((s) => s.cart);
  const totals = cartTotals(cart);
  const lastScan = cart.lastScan;
  const voidLine = useCartStore((s) => s.voidLine);
  const fmt = useFormat();
  const voids = useVoidApproval({ onError: props.onError, onDialog: props.onDialog });

  useLayoutEffect(() => {
    if (lastScan === null) return;
    const start = `scan:${lastScan.code}`;
    if (performance.getEntriesByName(start, 'mark').length === 0) return;
    const end = `cart:${lastScan.code}`;
    performance.mark(end);
    performance.measure('scan-to-cart', start, end);
    performance.clearMarks(start);
    performance.clearMarks(end);
  }, [lastScan]);

  // Keep the line just touched in view: the one a scan added to (even one scrolled away long ago), or a line
  // just appended (from search). Runs after the latency mark, so scrolling never counts as scan time.
  const tableRef = useRef<HTMLTableElement | null>(null);
  const seenLines = useRef(cart.lines.length);
  const lastKey = cart.lines.at(-1)?.key ?? null;
  useLayoutEffect(() => {
    const grew = cart.lines.length > seenLines.current;
    seenLines.current = cart.lines.length;
    const key = lastScan?.key ?? (grew ? lastKey : null);
    if (key === null) return;
    const row = tableRef.current?.querySelector<HTMLElement>(`tr[data-line-key="${CSS.escape(key)}"]`);
    // scrollIntoView is missing in jsdom: only a real layout has somewhere to scroll to.
    row?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [lastScan, cart.lines.length, lastKey]);

  if (cart.lines.length === 0) {
    return (
      <div className="empty" data-testid="cart-empty">
        {t('cart.empty')}
      </div>
    );
  }
  return (
    <>
      {voids.dialog}
      <table className="cart" data-testid="cart" ref={tableRef}>
        <thead>
          <tr>
            <th>{t('cart.product')}</th>
            <th>{t('cart.qty')}</th>
            <th className="num">{t('cart.total')}</th>
            <th>
              <span className="sr-only">{t('cart.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cart.lines.map((line) => (
            <CartRow
              key={line.key}
              line={line}
              total={totals.lineTotals[line.key] ?? 0}
              discount={totals.lineDiscounts[line.key] ?? 0}
              short={totals.short.includes(line.key)}
              autoFocus={props.focusKey === line.key}
              onError={props.onError}
              onDialog={props.onDialog}
              onReduce={(by, apply) =>
                void voids.request(
                  { saleId: cart.saleId, lines: [{ productId: line.product.id, qty: by }], whole: false, summary: `${line.product.name} · −${fmt.qty(by, line.product.unit)}` },
                  apply,
                )
              }
              onVoid={() =>
                void voids.request(
                  { saleId: cart.saleId, lines: [{ productId: line.product.id, qty: line.qty }], whole: false, summary: `${line.product.name} · ${fmt.money(totals.lineTotals[line.key] ?? 0)}` },
                  () => {
                    try {
                      voidLine(line.key);
                    } catch (e) {
                      if (!isDomainError(e)) throw e;
                    }
                  },
                )
              }
            />
          ))}
        </tbody>
      </table>
    </>
  );
}

function CartRow(props: {
  line: CartLine;
  total: number;
  discount: number;
  short: boolean;
  autoFocus: boolean;
  onError: (text: string) => void;
  onDialog?: ((open: boolean) => void) | undefined;
  /** take the line out: a manager approves it (use-void-approval.tsx) */
  onVoid: () => void;
  /** fewer of a scanned line is a void of the difference, approved the same way; `apply` once it is recorded */
  onReduce: (by: number, apply: () => void) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { line } = props;
  const step = useCartStore((s) => s.step);
  const setQty = useCartStore((s) => s.setQty);
  const setLineDiscount = useCartStore((s) => s.setLineDiscount);
  const setLinePrice = useCartStore((s) => s.setLinePrice);
  const [discounting, setDiscountingState] = useState(false);
  const setDiscounting = (open: boolean) => {
    setDiscountingState(open);
    props.onDialog?.(open);
  };
  const [pricing, setPricingState] = useState(false);
  const setPricing = (open: boolean) => {
    setPricingState(open);
    props.onDialog?.(open);
  };
  const fractional = isFractionalUnit(line.product.unit);
  // A pack line is counted in packs: its box shows (and takes) how many cases, +/- step one case.
  const packs = packCount(line);
  const pack = line.pack;
  // in the till's digits; what is typed is read in any digits
  const shown = packs !== null ? fmt.qtyInput(packs * 1000, 0) : fmt.qtyInput(line.qty, fractional ? 3 : 0);
  const [draft, setDraft] = useState<string | null>(null);

  const guard = (f: () => void) => {
    try {
      f();
    } catch (e) {
      if (isDomainError(e)) props.onError(cartRefusalText(t, e));
      else throw e;
    }
  };
  const commit = (text: string) => {
    setDraft(null);
    if (text.trim() === shown) return;
    guard(() => {
      const typed = parseQuantity(fmt.readNumber(text));
      const target = pack !== null ? typed * pack.units : typed;
      // checked against the cart first, so a void is never recorded for a quantity the cart then refuses
      cartRules.setLineQty(useCartStore.getState().cart, line.key, target);
      if (target < line.qty) props.onReduce(line.qty - target, () => guard(() => setQty(line.key, target)));
      else setQty(line.key, target);
    });
  };

  return (
    <tr className={props.short ? 'short' : undefined} data-testid="cart-line" data-line-key={line.key} data-product-id={line.product.id} data-qty={line.qty}>
      <td className="product">
        {/* At most two lines of name (the whole name is the tooltip); price and SKU on the line below. */}
        <div className="name" title={line.product.name} data-testid="cart-line-name">
          {line.product.name}
          {pack !== null && (
            <>
              {' '}
              <span className="pack-mark" data-testid="cart-line-pack" data-units={pack.units} data-barcode={pack.barcode}>
                {t('cart.pack', { units: pack.units })}
              </span>
            </>
          )}
          {line.label !== undefined && (
            <>
              {' '}
              <span className="pack-mark" data-testid="cart-line-label" data-kind={line.label.kind} data-code={line.label.code}>
                {line.label.kind === 'price' ? t('cart.scalePrice') : t('cart.scaleWeight')}
              </span>
            </>
          )}
        </div>
        <div className="sku">
          {/* isolated: a price or a SKU keeps its own order inside a right-to-left line */}
          <bdi>{fmt.money(shownUnitPrice(line), line.product.currency)}</bdi>
          {line.price !== undefined && (
            <span data-testid="cart-line-price-set" data-shelf={line.product.price}>
              {' '}
              ({t('price.shelf', { price: fmt.money(line.product.price, line.product.currency) })})
            </span>
          )}{' '}
          /{' '}
          {pack !== null ? t('cart.perPack', { units: pack.units }) : t(`units.${line.product.unit}`, { count: 1 })} · <bdi>{line.product.sku}</bdi>
          {props.short && (
            <span className="variance-neg" data-testid="cart-line-short">
              {' · '}
              {/* After an override sold past the records the level is negative: there is none, not "-1". */}
              {line.available > 0 ? t('cart.onlyAvailable', { qty: fmt.qty(line.available, line.product.unit) }) : t('cart.noneAvailable')}
            </span>
          )}
        </div>
        {props.discount > 0 && (
          <div className="muted" data-testid="cart-line-discount" data-amount={props.discount}>
            {t('discount.off', { amount: fmt.money(props.discount, line.product.currency) })}
          </div>
        )}
      </td>
      <td className="qty-cell">
        <div className="qty">
          {!fractional && (
            <button type="button" aria-label={t('cart.less', { name: line.product.name })} disabled={packs !== null ? packs <= 1 : line.qty <= 1000} onClick={() =>
                guard(() => {
                  const fewer = cartRules.stepLineQty(useCartStore.getState().cart, line.key, -1).lines.find((l) => l.key === line.key);
                  if (fewer !== undefined) props.onReduce(line.qty - fewer.qty, () => guard(() => step(line.key, -1)));
                })
              }
              data-testid="cart-line-minus">
              −
            </button>
          )}
          <input
            type="text"
            inputMode="decimal"
            dir="ltr"
            value={draft ?? shown}
            // a scale label's line sells what the label says: one weighing, not typed
            readOnly={line.label !== undefined}
            // A weighed line arrives focused with its quantity selected, so typing the weight replaces it.
            autoFocus={props.autoFocus}
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={(e) => commit(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit(e.currentTarget.value);
              if (e.key === 'Escape') setDraft(null);
            }}
            aria-label={
              pack !== null
                ? t('cart.packsOf', { name: line.product.name, units: pack.units })
                : t('cart.qtyOf', { name: line.product.name, unit: t(`units.${line.product.unit}`, { count: 2 }) })
            }
            data-testid="cart-line-qty"
          />
          {!fractional && (
            <button type="button" aria-label={t('cart.more', { name: line.product.name })} onClick={() => guard(() => step(line.key, 1))} data-testid="cart-line-plus">
              +
            </button>
          )}
          {fractional && <span className="muted">{t(`units.${line.product.unit}`, { count: 2 })}</span>}
          {packs !== null && <span className="muted" data-testid="cart-line-units">{fmt.qty(line.qty, line.product.unit)}</span>}
        </div>
      </td>
      <td className="num" data-testid="cart-line-total">
        <bdi>{fmt.money(props.total, line.product.currency)}</bdi>
      </td>
      <td className="void-cell">
        {/* stacked, so the line's actions take no more width than one of them */}
        <span className="line-adjust">
          <button type="button" className="link" onClick={() => setDiscounting(true)} aria-label={t('discount.lineTitle', { name: line.product.name })} data-testid="cart-line-discount-open">
            {t('discount.short')}
          </button>
          {pack === null && line.label?.kind !== 'price' && (
            <button type="button" className="link" onClick={() => setPricing(true)} aria-label={t('price.title', { name: line.product.name })} data-testid="cart-line-price-open">
              {t('price.short')}
            </button>
          )}
        </span>
        {pricing && (
          <PriceDialog
            name={line.product.name}
            shelf={line.product.price}
            currency={line.product.currency}
            current={line.price}
            onCancel={() => setPricing(false)}
            onApply={(price) => {
              setPricing(false);
              guard(() => setLinePrice(line.key, price));
            }}
          />
        )}
        {discounting && (
          <DiscountDialog
            title={t('discount.lineTitle', { name: line.product.name })}
            base={linePrice(line)}
            currency={line.product.currency}
            current={line.discount}
            beforeVat={useCartStore.getState().cart.tax?.pricesIncludeTax === false}
            onCancel={() => setDiscounting(false)}
            onApply={(d) => {
              setDiscounting(false);
              guard(() => setLineDiscount(line.key, d));
            }}
          />
        )}
        <button
          type="button"
          className="danger void"
          onClick={props.onVoid}
          aria-label={t('cart.void', { name: line.product.name })}
          title={t('cart.void', { name: line.product.name })}
          data-testid="cart-line-void"
        >
          {t('cart.voidShort')}
        </button>
      </td>
    </tr>
  );
}
