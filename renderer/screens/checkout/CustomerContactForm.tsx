import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customerContactSchema } from '../../../shared/ops/operations';
import { useCartStore } from '../../stores/cart-store';

/**
 * Optional name / phone on the sale. While the till is offline another till may sell the last unit too; if the
 * server cannot honour this sale, a manager calls this number to refund, substitute or back-order.
 */
export function CustomerContactForm() {
  const { t } = useTranslation();
  const contact = useCartStore((s) => s.cart.customerContact);
  const setContact = useCartStore((s) => s.setCustomerContact);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);

  if (!open) {
    return (
      <div className="row">
        <button type="button" onClick={() => setOpen(true)} data-testid="contact-open">
          {contact === null ? t('contact.add') : t('contact.edit')}
        </button>
        {contact !== null && (
          <span data-testid="contact-summary">
            {contact.name !== undefined && <bdi>{contact.name}</bdi>}
            {contact.name !== undefined && contact.phone !== undefined && ' · '}
            {contact.phone !== undefined && <bdi>{contact.phone}</bdi>}
          </span>
        )}
      </div>
    );
  }
  const save = () => {
    const candidate = {
      ...(name.trim() !== '' ? { name: name.trim() } : {}),
      ...(phone.trim() !== '' ? { phone: phone.trim() } : {}),
    };
    if (Object.keys(candidate).length === 0) {
      setContact(null);
      setOpen(false);
      return;
    }
    const parsed = customerContactSchema.safeParse(candidate);
    if (!parsed.success) {
      setError(t('contact.invalid'));
      return;
    }
    setContact(parsed.data);
    setError(null);
    setOpen(false);
  };
  return (
    <section className="panel stack" data-testid="contact-form">
      <p className="muted" style={{ margin: 0 }}>
        {t('contact.why')}
      </p>
      <div className="row">
        <label style={{ flex: 1 }}>
          {t('contact.name')}
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} data-testid="contact-name" />
        </label>
        <label style={{ flex: 1 }}>
          {t('contact.phone')}
          <input type="tel" dir="ltr" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={24} data-testid="contact-phone" />
        </label>
      </div>
      {error !== null && <div className="notice bad">{error}</div>}
      <div className="row">
        <button type="button" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
        <button type="button" className="primary" onClick={save} data-testid="contact-save">
          {t('common.save')}
        </button>
      </div>
    </section>
  );
}
