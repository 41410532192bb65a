import { useTranslation } from 'react-i18next';
import { useErrorText, useFormat } from '../../app/format';
import { useBranchQuery } from '../../app/branch-data';

export function LowStockScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorText = useErrorText();
  const lowStock = useBranchQuery('stock.lowStock', {});
  const rows = lowStock.data ?? null;
  const error = lowStock.error === null ? null : errorText(lowStock.error);

  return (
    <section className="panel stack" data-testid="lowstock-screen">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2>{t('lowStock.title')}</h2>
        <button type="button" onClick={() => void lowStock.refetch()} data-testid="lowstock-refresh">
          {t('common.refresh')}
        </button>
      </div>
      {error !== null && <div className="notice bad" role="alert">{error}</div>}
      {rows === null && error === null && <div className="empty">{t('common.loading')}</div>}
      {rows?.length === 0 && <div className="empty">{t('lowStock.none')}</div>}
      {rows !== null && rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('cart.product')}</th>
              <th className="num">{t('lowStock.available')}</th>
              <th className="num">{t('lowStock.reorderPoint')}</th>
              <th className="num">{t('lowStock.suggested')}</th>
              <th className="num">{t('lowStock.leadTime')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.product.id} data-testid="lowstock-row" data-product-id={r.product.id}>
                <td>
                  <strong>{r.product.name}</strong> <bdi className="muted">{r.product.sku}</bdi>
                </td>
                <td className={`num ${r.available <= 0 ? 'variance-neg' : ''}`}><bdi>{fmt.qty(r.available, r.product.unit)}</bdi></td>
                <td className="num">
                  <bdi>{fmt.qty(r.product.reorderPoint, r.product.unit)}</bdi>
                </td>
                <td className="num">
                  <strong>
                    <bdi>{fmt.qty(r.suggestedOrder, r.product.unit)}</bdi>
                  </strong>
                </td>
                <td className="num">{t('lowStock.days', { count: r.product.leadTimeDays })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
