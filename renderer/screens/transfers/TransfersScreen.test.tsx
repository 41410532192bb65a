// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchParsedInput, LocationView, ProductView, ScanView, TransferView } from '../../../shared/api/branch-api';
import { DomainError } from '../../../shared/domain/errors';
import { testProduct } from '../../../shared/domain/test-support/product';
import { transferCode } from '../../../shared/scan/transfer-code';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { FakeBranch, HAMRA, TestPage } from '../../test-support/fake-branch';
import { ACHRAFIEH, COLA, line, sentTransfer, testTransfer, WAREHOUSE, WATER } from '../../test-support/transfers';
import { TransfersScreen } from './TransfersScreen';

/**
 * Issue 8 at the till: the Transfers screen against a small model of the till's backend. The model keeps
 * transfers by id and applies each step the way the contract describes it (a receipt adds what arrived; what is
 * short or over is the net still on the road after resolutions: a write-off or return settles a shortfall, a
 * completed dispatch or found an excess), so each test checks what the screen sent and what it then shows, never
 * the screen against itself.
 */
const CASE = '05449000000996';
const colaProduct = testProduct({ id: COLA.productId, sku: COLA.sku, name: COLA.name, barcodes: ['5449000000996'], packs: [{ barcode: CASE, units: 24, price: null }] });
const waterProduct = testProduct({ id: WATER.productId, sku: WATER.sku, name: WATER.name, barcodes: ['5000112637922'] });
const LOCATIONS: LocationView[] = [
  { ...HAMRA, kind: 'store', own: true },
  { ...ACHRAFIEH, kind: 'store', own: false },
  { ...WAREHOUSE, kind: 'warehouse', own: false },
];

class TransferModel {
  byId = new Map<string, TransferView>();
  put(t: TransferView): TransferView {
    this.byId.set(t.id, t);
    return t;
  }
  get(id: string): TransferView {
    const t = this.byId.get(id);
    if (t === undefined) throw new DomainError('NOT_FOUND', `no transfer ${id}`);
    return t;
  }
  /** per transfer and product: completed + found − written off − returned */
  settled = new Map<string, number>();
  receive(input: BranchParsedInput<'transfer.receive'>): TransferView {
    const t = this.get(input.transferId);
    const lines = t.lines.map((l) => {
      const r = input.lines.find((x) => x.productId === l.productId);
      return { ...l, received: l.received + (r?.received ?? 0), damaged: l.damaged + (r?.damaged ?? 0) };
    });
    return this.put(this.settle({ ...t, lines, receivedAt: '2026-12-02T11:00:00.000Z', pending: true }));
  }
  resolve(input: BranchParsedInput<'transfer.resolve'>): TransferView {
    const t = this.get(input.transferId);
    const key = `${t.id}/${input.productId}`;
    const adds = input.kind === 'complete_dispatch' || input.kind === 'found';
    this.settled.set(key, (this.settled.get(key) ?? 0) + (adds ? input.qty : -input.qty));
    const wo = input.kind === 'write_off' ? input.qty : input.kind === 'found' ? -input.qty : 0;
    const lines = t.lines.map((l) => (l.productId === input.productId ? { ...l, writtenOff: (l.writtenOff ?? 0) + wo } : l));
    return this.put(this.settle({ ...t, lines, pending: true }));
  }
  private settle(t: TransferView): TransferView {
    const lines = t.lines.map((l) => {
      const net = l.sent + (this.settled.get(`${t.id}/${l.productId}`) ?? 0) - l.received - l.damaged;
      return { ...l, short: Math.max(0, net), over: Math.max(0, -net) };
    });
    return { ...t, lines, status: lines.some((l) => l.short > 0 || l.over > 0) ? 'discrepancy' : 'received' };
  }
}

let model: TransferModel;
let backend: FakeBranch;
let page: TestPage;

function scanView(code: string): ScanView {
  for (const p of [colaProduct, waterProduct]) {
    const pack = p.packs?.find((x) => x.barcode === code) ?? null;
    if (pack !== null || p.barcodes.includes(code)) return { product: p, available: 50_000, pack };
  }
  throw new DomainError('UNKNOWN_BARCODE', code);
}

beforeEach(async () => {
  await initI18n('en');
  model = new TransferModel();
  backend = new FakeBranch({
    'till.locations': () => LOCATIONS,
    'transfer.list': ({ open }) => [...model.byId.values()].filter((t) => !open || (t.status !== 'closed' && t.status !== 'cancelled')),
    'transfer.get': (input) => {
      if ('transferId' in input) return model.get(input.transferId);
      const found = [...model.byId.values()].find((t) => transferCode(t.id) === input.code);
      if (found === undefined) throw new DomainError('NOT_FOUND', 'this till has not pulled that transfer yet');
      return found;
    },
    'transfer.request': (input) =>
      model.put(
        testTransfer({
          id: input.transferId,
          direction: input.sourceId === HAMRA.id ? 'outgoing' : 'incoming',
          source: LOCATIONS.find((l) => l.id === input.sourceId)!,
          destination: LOCATIONS.find((l) => l.id === input.destinationId)!,
          lines: input.lines.map((l) => line(l.productId === COLA.productId ? COLA : WATER, { requested: l.qty })),
          pending: true,
        }),
      ),
    'transfer.dispatch': (input) => {
      // a dispatch without a request makes the transfer (the contract's "goods leave this store")
      const t =
        model.byId.get(input.transferId) ??
        testTransfer({
          id: input.transferId,
          destination: LOCATIONS.find((l) => l.id === input.destinationId)!,
          lines: input.lines.map((l) => line(l.productId === COLA.productId ? COLA : WATER)),
        });
      const lines = t.lines.map((l) => ({ ...l, sent: input.lines.find((x) => x.productId === l.productId)?.qty ?? 0 }));
      return model.put({ ...t, lines, status: 'sent', sentAt: '2026-12-02T10:00:00.000Z', pending: true });
    },
    'transfer.receive': (input) => model.receive(input),
    'transfer.step': (input) => {
      const t = model.get(input.transferId);
      const status = input.step === 'approve' ? 'approved' : input.step === 'cancel' ? 'cancelled' : 'closed';
      return model.put({ ...t, status, pending: true });
    },
    'transfer.resolve': (input) => model.resolve(input),
    'catalog.lookup': ({ code }) => scanView(code),
    'catalog.search': ({ query }): ProductView[] =>
      [colaProduct, waterProduct].filter((p) => p.name.toLowerCase().includes(query.toLowerCase())).map((p) => ({ product: p, available: 50_000 })),
  });
  page = new TestPage(createBranchData(createClient(backend.bridge)));
});
afterEach(() => page.unmount());

const row = (id: string) => page.host.querySelector<HTMLElement>(`[data-testid="transfer-row"][data-transfer-id="${id}"]`);
const lineOf = (productId: string) => page.host.querySelector<HTMLElement>(`[data-testid="transfer-line"][data-product-id="${productId}"]`)!;
const receiveLine = (productId: string) => page.host.querySelector<HTMLElement>(`[data-testid="transfer-receive-line"][data-product-id="${productId}"]`)!;
const resolveLine = (productId: string) => page.host.querySelector<HTMLElement>(`[data-testid="transfer-resolve-line"][data-product-id="${productId}"]`)!;

describe('the lists', () => {
  it('shows incoming and outgoing apart, each with its status in words and a mark while not synced', async () => {
    const out = model.put(testTransfer({ id: '0190a0b2-7c3d-7e4f-8a5b-00000000aa01', status: 'requested', pending: true }));
    const inc = model.put(sentTransfer({ id: '0190a0b2-7c3d-7e4f-8a5b-00000000aa02', direction: 'incoming', source: WAREHOUSE, destination: HAMRA, status: 'received_unsent' }));
    await page.render(<TransfersScreen />);
    expect(page.get('transfers-outgoing').contains(row(out.id))).toBe(true);
    expect(page.get('transfers-incoming').contains(row(inc.id))).toBe(true);
    expect(page.text('transfer-status', row(out.id)!)).toBe('Requested');
    expect(page.text('transfer-status', row(inc.id)!)).toBe('Received, not sent yet');
    expect(page.$('transfer-pending', row(out.id)!)).not.toBeNull();
    expect(page.$('transfer-pending', row(inc.id)!)).toBeNull();
    expect(row(inc.id)!.textContent).toContain('from Central Warehouse');
    expect(row(out.id)!.textContent).toContain('to Achrafieh');
  });
});

describe('the delivery note scanned on arrival', () => {
  it('opens its transfer, asked for by the code', async () => {
    const inc = model.put(sentTransfer({ direction: 'incoming', source: ACHRAFIEH, destination: HAMRA }));
    await page.render(<TransfersScreen />);
    await page.scan(transferCode(inc.id));
    expect(backend.inputs('transfer.get')[0]).toEqual({ code: transferCode(inc.id) });
    expect(page.get('transfer-detail').getAttribute('data-transfer-id')).toBe(inc.id);
    expect(page.text('transfer-label')).toBe(inc.label);
  });

  it('a product barcode is not a delivery note: said so, nothing asked', async () => {
    await page.render(<TransfersScreen />);
    await page.scan('5449000000996');
    expect(page.text('transfers-scan-error')).toContain('not a delivery note');
    expect(backend.inputs('transfer.get')).toEqual([]);
  });

  it('the code typed in the box opens it too', async () => {
    const inc = model.put(sentTransfer({ direction: 'incoming', source: ACHRAFIEH, destination: HAMRA }));
    await page.render(<TransfersScreen />);
    await page.type('transfers-scan-input', transferCode(inc.id));
    await page.click('transfers-scan-open');
    expect(page.get('transfer-detail').getAttribute('data-transfer-id')).toBe(inc.id);
  });

  it('a transfer this till has not heard of yet is received anyway, from the source the manager names', async () => {
    const id = '0190a0b2-7c3d-7e4f-8a5b-00000000bb01';
    await page.render(<TransfersScreen />);
    await page.scan(transferCode(id));
    expect(page.text('transfers-scan-error')).toContain('has not heard of that transfer');
    await page.click('transfers-receive-unknown');
    await page.type('transfer-receive-source', WAREHOUSE.id);
    await page.scan(CASE);
    await page.scan('5000112637922');
    model.put(testTransfer({ id, direction: 'incoming', source: WAREHOUSE, destination: HAMRA, lines: [line(COLA), line(WATER)] }));
    await page.click('transfer-receive-submit');
    expect(backend.inputs('transfer.receive')).toEqual([
      {
        receivingId: expect.any(String),
        transferId: id,
        sourceId: WAREHOUSE.id,
        lines: [
          { productId: COLA.productId, received: 24_000, damaged: 0 },
          { productId: WATER.productId, received: 1000, damaged: 0 },
        ],
      },
    ]);
  });
});

describe('receiving', () => {
  it('received short: 8 of 10 Cola and 1 of 2 Water damaged are sent as counted, and the difference shows to resolve', async () => {
    const inc = model.put(sentTransfer({ direction: 'incoming', source: ACHRAFIEH, destination: HAMRA }));
    await page.render(<TransfersScreen />);
    await page.click('transfer-open', row(inc.id)!);
    await page.click('transfer-receive');
    await page.type('transfer-receive-good', '8', receiveLine(COLA.productId));
    await page.type('transfer-receive-good', '1', receiveLine(WATER.productId));
    await page.type('transfer-receive-damaged', '1', receiveLine(WATER.productId));
    await page.click('transfer-receive-submit');
    expect(backend.inputs('transfer.receive')[0]).toMatchObject({
      transferId: inc.id,
      sourceId: ACHRAFIEH.id,
      lines: [
        { productId: COLA.productId, received: 8000, damaged: 0 },
        { productId: WATER.productId, received: 1000, damaged: 1000 },
      ],
    });
    expect(page.$('transfer-receive-form')).toBeNull();
    expect(page.text('transfer-status')).toBe('Discrepancy');
    expect(lineOf(COLA.productId).getAttribute('data-short')).toBe('2000');
    expect(page.text('transfer-line-difference', lineOf(COLA.productId))).toBe('2 pcs short');
    expect(page.$('transfer-resolve')).not.toBeNull();
  });

  it('scanning the goods counts them, a case as 24', async () => {
    const inc = model.put(sentTransfer({ direction: 'incoming', source: ACHRAFIEH, destination: HAMRA, lines: [line(COLA, { requested: 30_000, sent: 30_000 })] }));
    await page.render(<TransfersScreen />);
    await page.click('transfer-open', row(inc.id)!);
    await page.click('transfer-receive');
    await page.scan(CASE);
    await page.scan('5449000000996');
    expect((page.get('transfer-receive-good', receiveLine(COLA.productId)) as HTMLInputElement).value).toBe('25');
  });

  it('more than was sent asks why, and nothing is sent until it is said', async () => {
    const inc = model.put(sentTransfer({ direction: 'incoming', source: ACHRAFIEH, destination: HAMRA }));
    await page.render(<TransfersScreen />);
    await page.click('transfer-open', row(inc.id)!);
    await page.click('transfer-receive');
    await page.click('transfer-receive-all');
    await page.type('transfer-receive-good', '12', receiveLine(COLA.productId));
    expect(page.$('transfer-receive-over-reason', receiveLine(COLA.productId))).not.toBeNull();
    await page.click('transfer-receive-submit');
    expect(backend.inputs('transfer.receive')).toEqual([]);
    expect(page.text('transfer-receive-error')).toContain('say why');
    await page.type('transfer-receive-over-reason', 'a second case was in the van', receiveLine(COLA.productId));
    await page.click('transfer-receive-submit');
    expect(backend.inputs('transfer.receive')[0]!.lines[0]).toEqual({ productId: COLA.productId, received: 12_000, damaged: 0, over: { reason: 'a second case was in the van' } });
  });
});

describe('the source end', () => {
  it('sends what was asked, prefilled; a line set to nothing is not sent', async () => {
    const out = model.put(testTransfer({ lines: [line(COLA, { requested: 12_000 }), line(WATER, { requested: 2000 })] }));
    await page.render(<TransfersScreen />);
    await page.click('transfer-open', row(out.id)!);
    await page.click('transfer-dispatch');
    expect(page.all('transfer-dispatch-qty').map((b) => (b as HTMLInputElement).value)).toEqual(['12', '2']);
    await page.type(page.all('transfer-dispatch-qty')[1]!, '0');
    await page.click('transfer-dispatch-submit');
    expect(backend.inputs('transfer.dispatch')).toEqual([
      { dispatchId: expect.any(String), transferId: out.id, destinationId: ACHRAFIEH.id, lines: [{ productId: COLA.productId, qty: 12_000 }] },
    ]);
    expect(page.text('transfer-status')).toBe('Sent');
  });

  it('says why a dispatch was refused and keeps the form', async () => {
    const out = model.put(testTransfer({ lines: [line(COLA, { requested: 12_000 })] }));
    backend.handlers['transfer.dispatch'] = () => {
      throw new DomainError('INSUFFICIENT_STOCK', 'Cola 330 ml: 5 available, 12 to send');
    };
    await page.render(<TransfersScreen />);
    await page.click('transfer-open', row(out.id)!);
    await page.click('transfer-dispatch');
    await page.click('transfer-dispatch-submit');
    expect(page.text('transfer-dispatch-error')).toContain('5 available, 12 to send');
    expect(page.$('transfer-dispatch-form')).not.toBeNull();
  });

  it('approve and cancel are steps of their own; cancelling asks once more', async () => {
    const out = model.put(testTransfer({ lines: [line(COLA, { requested: 1000 })] }));
    await page.render(<TransfersScreen />);
    await page.click('transfer-open', row(out.id)!);
    await page.click('transfer-approve');
    expect(backend.inputs('transfer.step').map((s) => s.step)).toEqual(['approve']);
    expect(page.text('transfer-status')).toBe('Approved');
    expect(page.$('transfer-approve')).toBeNull();
    await page.click('transfer-cancel');
    expect(backend.inputs('transfer.step')).toHaveLength(1);
    await page.type('transfer-cancel-note', 'Achrafieh found stock');
    await page.click('transfer-cancel-yes');
    expect(backend.inputs('transfer.step')[1]).toMatchObject({ transferId: out.id, step: 'cancel', note: 'Achrafieh found stock' });
    expect(page.text('transfer-status')).toBe('Cancelled');
  });
});

describe('a new transfer', () => {
  it('asks the warehouse for a case scanned here: from the warehouse to this store, 24 units', async () => {
    await page.render(<TransfersScreen />);
    await page.click('transfers-new');
    await page.type('transfer-new-location', WAREHOUSE.id);
    await page.scan(CASE);
    expect((page.get('transfer-new-qty') as HTMLInputElement).value).toBe('24');
    await page.click('transfer-new-submit');
    expect(backend.inputs('transfer.request')).toEqual([
      { transferId: expect.any(String), sourceId: WAREHOUSE.id, destinationId: HAMRA.id, lines: [{ productId: COLA.productId, qty: 24_000 }] },
    ]);
    expect(backend.inputs('transfer.dispatch')).toEqual([]);
    expect(page.text('transfer-status')).toBe('Requested');
  });

  it('sending from here is one dispatch that makes the transfer, to the chosen store', async () => {
    await page.render(<TransfersScreen />);
    await page.click('transfers-new');
    await page.click('transfer-new-send');
    await page.type('transfer-new-location', ACHRAFIEH.id);
    await page.scan('5000112637922');
    await page.type('transfer-new-qty', '6');
    await page.click('transfer-new-submit');
    expect(backend.inputs('transfer.request')).toEqual([]);
    expect(backend.inputs('transfer.dispatch')).toEqual([
      { dispatchId: expect.any(String), transferId: expect.any(String), destinationId: ACHRAFIEH.id, lines: [{ productId: WATER.productId, qty: 6000 }] },
    ]);
    expect(page.text('transfer-status')).toBe('Sent');
    expect(page.text('transfer-label')).toContain('T-');
  });

  it('a send refused for want of stock says why and keeps the form: nothing was made', async () => {
    backend.handlers['transfer.dispatch'] = () => {
      throw new DomainError('INSUFFICIENT_STOCK', 'Water 1 L: 2 available, 6 to send');
    };
    await page.render(<TransfersScreen />);
    await page.click('transfers-new');
    await page.click('transfer-new-send');
    await page.type('transfer-new-location', ACHRAFIEH.id);
    await page.scan('5000112637922');
    await page.type('transfer-new-qty', '6');
    await page.click('transfer-new-submit');
    expect(page.text('transfer-new-error')).toContain('2 available, 6 to send');
    expect(page.$('transfer-new-form')).not.toBeNull();
  });
});

describe('a second parcel', () => {
  it('expects only what is still on its way: "all arrived" does not count the first parcel again', async () => {
    // 6 of 10 Cola arrived in the first parcel, all the Water.
    const inc = model.put(
      sentTransfer({
        direction: 'incoming',
        source: ACHRAFIEH,
        destination: HAMRA,
        status: 'discrepancy',
        receivedAt: '2026-12-02T10:30:00.000Z',
        lines: [line(COLA, { requested: 12_000, sent: 10_000, received: 6000, short: 4000 }), line(WATER, { requested: 2000, sent: 2000, received: 2000 })],
      }),
    );
    await page.render(<TransfersScreen />);
    await page.click('transfer-open', row(inc.id)!);
    await page.click('transfer-receive');
    await page.click('transfer-receive-all');
    expect(page.$('transfer-receive-over-reason', receiveLine(COLA.productId))).toBeNull();
    await page.click('transfer-receive-submit');
    expect(backend.inputs('transfer.receive')[0]?.lines).toEqual([{ productId: COLA.productId, received: 4000, damaged: 0 }]);
    expect(page.text('transfer-status')).toBe('Received');
  });
});

describe('resolving a difference', () => {
  it('a shortfall is written off at the destination with why; without a reason nothing is sent', async () => {
    const d = model.put(
      sentTransfer({
        direction: 'incoming',
        source: ACHRAFIEH,
        destination: HAMRA,
        status: 'discrepancy',
        lines: [line(COLA, { requested: 10_000, sent: 10_000, received: 8000, short: 2000 })],
        receivedAt: '2026-12-02T11:00:00.000Z',
      }),
    );
    await page.render(<TransfersScreen />);
    await page.click('transfer-open', row(d.id)!);
    await page.click('transfer-resolve');
    expect((page.get('transfer-resolve-qty') as HTMLInputElement).value).toBe('2');
    await page.click('transfer-resolve-submit');
    expect(backend.inputs('transfer.resolve')).toEqual([]);
    await page.type('transfer-resolve-reason', 'broken in the van');
    await page.click('transfer-resolve-submit');
    expect(backend.inputs('transfer.resolve')).toEqual([
      { resolutionId: expect.any(String), transferId: d.id, kind: 'write_off', productId: COLA.productId, qty: 2000, reason: 'broken in the van' },
    ]);
    expect(page.text('transfer-status')).toBe('Received');
  });

  it('at the source, a shortfall goes back to its stock and an excess is added to what was sent: never written off there', async () => {
    const d = model.put(
      sentTransfer({
        status: 'discrepancy',
        receivedAt: '2026-12-02T11:00:00.000Z',
        lines: [line(COLA, { sent: 10_000, received: 9000, short: 1000 }), line(WATER, { sent: 2000, received: 3000, over: 1000 })],
      }),
    );
    await page.render(<TransfersScreen />);
    await page.click('transfer-open', row(d.id)!);
    await page.click('transfer-resolve');
    const kinds = (productId: string) => [...resolveLine(productId).querySelectorAll('option')].map((o) => o.value);
    expect(kinds(COLA.productId)).toEqual(['return_to_source']);
    expect(kinds(WATER.productId)).toEqual(['complete_dispatch']);
    await page.type('transfer-resolve-reason', 'left in the back room', resolveLine(COLA.productId));
    await page.click('transfer-resolve-submit', resolveLine(COLA.productId));
    expect(backend.inputs('transfer.resolve')[0]).toMatchObject({ kind: 'return_to_source', productId: COLA.productId, qty: 1000 });
  });

  it('at the destination, a box that turns up after its write-off is taken back as found; an excess never written off is the source’s', async () => {
    // Cola: 1 written off, then the lost box came (over by 1). Water: one more than sent, nothing written off.
    const d = model.put(
      sentTransfer({
        direction: 'incoming',
        source: ACHRAFIEH,
        destination: HAMRA,
        status: 'discrepancy',
        receivedAt: '2026-12-02T11:00:00.000Z',
        lines: [line(COLA, { sent: 10_000, received: 10_000, over: 1000, writtenOff: 1000 }), line(WATER, { sent: 2000, received: 3000, over: 1000 })],
      }),
    );
    model.settled.set(`${d.id}/${COLA.productId}`, -1000);
    await page.render(<TransfersScreen />);
    await page.click('transfer-open', row(d.id)!);
    await page.click('transfer-resolve');
    expect([...resolveLine(COLA.productId).querySelectorAll('option')].map((o) => o.value)).toEqual(['found']);
    expect((page.get('transfer-resolve-qty', resolveLine(COLA.productId)) as HTMLInputElement).value).toBe('1');
    expect(page.text('transfer-resolve-other-end', resolveLine(WATER.productId))).toBe('Achrafieh settles this line, or head office does.');
    expect(page.$('transfer-resolve-submit', resolveLine(WATER.productId))).toBeNull();
    await page.type('transfer-resolve-reason', 'the lost box, on the next van', resolveLine(COLA.productId));
    await page.click('transfer-resolve-submit', resolveLine(COLA.productId));
    expect(backend.inputs('transfer.resolve')).toEqual([
      { resolutionId: expect.any(String), transferId: d.id, kind: 'found', productId: COLA.productId, qty: 1000, reason: 'the lost box, on the next van' },
    ]);
    // Cola is settled; the Water excess waits for Achrafieh.
    expect(page.text('transfer-status')).toBe('Discrepancy');
    expect(resolveLine(COLA.productId)).toBeNull();
  });
});
