import type { TFunction } from 'i18next';
import { DISCOUNT_REFUSALS, type DiscountRefusal } from '../../../shared/domain/discounts';
import type { DomainError } from '../../../shared/domain/errors';

/** A change of the cart refused: a discount or price refusal in the till's language, anything else by its code. */
export function cartRefusalText(t: TFunction, e: DomainError): string {
  const reason = e.details?.['reason'];
  if (typeof reason === 'string' && (DISCOUNT_REFUSALS as readonly string[]).includes(reason)) return t(`cartRefusal.${reason as DiscountRefusal}`);
  // a line scanned from a scale label: its quantity is the label's, and a price label's price is the printed one
  if (reason === 'scale_label') return t('cartRefusal.scale_label');
  if (reason === 'label_price') return t('cartRefusal.label_price');
  return t(`errors.${e.code}`, { detail: e.message });
}
