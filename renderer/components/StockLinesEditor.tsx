import { useTranslation } from 'react-i18next';
import type { ProductView } from '../../shared/api/branch-api';
import { useFormat } from '../app/format';
import type { DraftLine } from '../screens/manager/stock-lines';
import { ProductSearch } from './ProductSearch';

/** The list of products for a receipt of goods or a waste record: scan or search to add, type quantities. */
export function StockLinesEditor<E>(props: {
  lines: DraftLine<E>[];
  onChange: (lines: DraftLine<E>[]) => void;
  onAdd: (view: ProductView) => void;
  extraHeader?: string;
  renderExtra?: (line: DraftLine<E>, set: (extra: E) => void) => React.ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { lines, onChange } = props;
  const update = (i: number, patch: Partial<DraftLine<E>>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  return (
    <div className="stack">
      <div className="row">
        <ProductSearch onPick={props.onAdd} testId={`${props.testId}-search`} />
      </div>
      <p className="muted" style={{ margin: 0 }}>
        {t('stock.scanHint')}
      </p>
      {lines.length === 0 ? (
        <div className="empty">{t('stock.noLines')}</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('cart.product')}</th>
              <th className="num">{t('stock.onHand')}</th>
              <th>{t('cart.qty')}</th>
              {props.extraHeader !== undefined && <th>{props.extraHeader}</th>}
              <th />
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => (
              <tr key={line.view.product.id} data-testid={`${props.testId}-line`} data-product-id={line.view.product.id}>
                <td>
                  <strong>{line.view.product.name}</strong> <bdi className="muted">{line.view.product.sku}</bdi>
                </td>
                <td className="num">
                  <bdi>{fmt.qty(line.view.available, line.view.product.unit)}</bdi>
                </td>
                <td>
                  <div className="row">
                    <input
                      type="text"
                      inputMode="decimal"
                      dir="ltr"
                      value={line.qtyText}
                      onChange={(e) => update(i, { qtyText: e.target.value })}
                      onFocus={(e) => e.currentTarget.select()}
                      style={{ width: 120, textAlign: 'end' }}
                      aria-label={t('cart.qtyOf', { name: line.view.product.name, unit: t(`units.${line.view.product.unit}`, { count: 2 }) })}
                      data-testid={`${props.testId}-qty`}
                    />
                    <span className="muted">{t(`units.${line.view.product.unit}`, { count: 2 })}</span>
                  </div>
                </td>
                {props.renderExtra !== undefined && <td>{props.renderExtra(line, (extra) => update(i, { extra }))}</td>}
                <td>
                  <button type="button" className="danger" onClick={() => onChange(lines.filter((_, j) => j !== i))} aria-label={t('cart.void', { name: line.view.product.name })}>
                    {t('cart.voidShort')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
