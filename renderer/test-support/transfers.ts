import type { TransferView } from '../../shared/api/branch-api';
import { transferLabel } from '../../shared/scan/transfer-code';

/**
 * Transfers as the till's backend answers them (transferView), for the screens' tests: Hamra sends to Achrafieh.
 * A test states only what it is about.
 */
export const ACHRAFIEH = { id: '0190a0b2-7c3d-7e4f-8a5b-0000000000a2', name: 'Achrafieh' };
export const WAREHOUSE = { id: '0190a0b2-7c3d-7e4f-8a5b-0000000000a3', name: 'Central Warehouse' };
export const HAMRA_END = { id: '0190a0b2-7c3d-7e4f-8a5b-0000000000a1', name: 'Hamra' };
export const COLA = { productId: '0190a0b2-7c3d-7e4f-8a5b-0000000000c1', sku: 'COLA-330', name: 'Cola 330 ml', unit: 'each' };
export const WATER = { productId: '0190a0b2-7c3d-7e4f-8a5b-0000000000c2', sku: 'WATER-1L', name: 'Water 1 L', unit: 'each' };
export const CHIPS = { productId: '0190a0b2-7c3d-7e4f-8a5b-0000000000c3', sku: 'CHIPS', name: 'Chips', unit: 'each' };

type Line = TransferView['lines'][number];
export function line(product: typeof COLA, q: Partial<Omit<Line, keyof typeof COLA>> = {}): Line {
  return { ...product, requested: 0, sent: 0, received: 0, damaged: 0, short: 0, over: 0, ...q };
}

export function testTransfer(over: Partial<TransferView> = {}): TransferView {
  const id = over.id ?? '0190a0b2-7c3d-7e4f-8a5b-1a2b3c4d5e6f';
  return {
    id,
    label: transferLabel(id),
    direction: 'outgoing',
    source: HAMRA_END,
    destination: ACHRAFIEH,
    status: 'requested',
    lines: [],
    note: null,
    createdByName: 'Nadim Khoury',
    createdAt: '2026-12-02T08:00:00.000Z',
    sentAt: null,
    receivedAt: null,
    pending: false,
    history: [],
    ...over,
  };
}

/**
 * Asked for 12 Cola, 2 Water and 3 Chips; sent 10 Cola and 2 Water, no Chips. As the backend answers it, what was
 * sent and has not arrived is still open (short) until a receipt accounts for it.
 */
export function sentTransfer(over: Partial<TransferView> = {}): TransferView {
  return testTransfer({
    status: 'sent',
    sentAt: '2026-12-02T09:30:00.000Z',
    lines: [line(COLA, { requested: 12_000, sent: 10_000, short: 10_000 }), line(WATER, { requested: 2000, sent: 2000, short: 2000 }), line(CHIPS, { requested: 3000 })],
    ...over,
  });
}
