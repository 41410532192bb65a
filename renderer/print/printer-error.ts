import type { TFunction } from 'i18next';
import type { ErrorBody } from '../../shared/domain/errors';

/**
 * What the receipt printer's refusals mean to the cashier, in the till's language: which printer did not answer,
 * or that none (or no drawer) is set up. Anything else is the ordinary error text.
 */
export function printerErrorText(t: TFunction, errorText: (e: ErrorBody) => string, error: ErrorBody): string {
  const reason = error.details?.reason;
  const printer = error.details?.printer;
  if (reason === 'printer_failed' && typeof printer === 'string') return t('receipt.printerOff', { printer });
  if (reason === 'no_printer') return t('receipt.noPrinter');
  if (reason === 'no_drawer') return t('receipt.noDrawer');
  return errorText(error);
}
