// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge } from '../../../shared/api/branch-api';
import type { DemoUser } from '../../../shared/demo';
import { decodeEscPos } from '../../../electron/print/test-support/escpos-decode';
import { startRawPrinter, type RawPrinter } from '../../../electron/print/test-support/raw-printer';
import { createTempTill, type TempTill } from '../../../electron/test-support/temp-till';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { TestPage } from '../../test-support/fake-branch';
import { ShiftScreen } from './ShiftScreen';

/**
 * "No sale" at the shift screen against a real till backend and a raw-port printer with a drawer: a cashier is
 * asked for a manager's PIN, the drawer's pulse reaches the printer, and the X report lists the opening with both
 * names. Without a reason nothing is asked of the backend.
 */
let till: TempTill;
let printer: RawPrinter;
let page: TestPage;
let manager: DemoUser;
let cashier: DemoUser;

beforeEach(async () => {
  await initI18n('en');
  printer = await startRawPrinter();
  till = createTempTill({ demo: { products: 12 } });
  manager = till.chain.users.find((u) => u.role === 'manager') as DemoUser;
  cashier = till.chain.users.find((u) => u.role === 'cashier') as DemoUser;
  await till.loginAs('manager');
  await till.call('printer.setSettings', { connection: { kind: 'network', host: '127.0.0.1', port: printer.port }, paper: '80mm', autoPrint: true, cashDrawer: true });
  await till.call('session.logout');
  await till.loginAs('cashier');
  await till.call('shift.open', { shiftId: '01937c5e-8a4b-7cc0-9d1e-2f3a4b5c6d7e', float: { USD: 10_000 } });
  const bridge: BranchBridge = { call: ((method: string, input: unknown) => till.backend.dispatch(method, input)) as BranchBridge['call'] };
  page = new TestPage(createBranchData(createClient(bridge)));
  await page.render(<ShiftScreen />);
});
afterEach(async () => {
  page.unmount();
  till.cleanup();
  await printer.close();
});

describe('no sale at the shift screen', () => {
  it('asks for a reason, then a manager’s PIN, opens the drawer and lists the opening on the X report', async () => {
    await page.click('no-sale-open');
    expect(page.text('no-sale-error')).toMatch(/why the drawer/i);
    expect(page.$('manager-approval')).toBeNull();

    await page.type('no-sale-reason', 'change for a customer');
    await page.click('no-sale-open');
    expect(page.$('manager-approval')).not.toBeNull();
    for (const d of manager.pin) await page.click(`manager-pin-${d}`);
    await page.click('manager-pin-ok');
    await page.settle(50);
    expect(page.text('no-sale-ok')).toMatch(/drawer is open/i);
    const [job] = await printer.waitForJobs(1);
    expect(decodeEscPos(job as Buffer).filter((c) => c.kind === 'pulse')).toHaveLength(1);
    await page.settle(50);
    expect(page.text('x-no-sale')).toContain(`change for a customer (${cashier.name}, approved by ${manager.name})`);
  });

  it('says when no printer is set up, or the printer does not answer, instead of that the till is down', async () => {
    await till.call('session.elevate', { pin: manager.pin });
    await till.call('printer.setSettings', { connection: { kind: 'none' }, paper: '80mm', autoPrint: true, cashDrawer: true });
    await page.type('no-sale-reason', 'change');
    await page.click('no-sale-open');
    await page.settle(30);
    expect(page.text('no-sale-error')).toMatch(/no receipt printer is set up/);
    await till.call('printer.setSettings', { connection: { kind: 'network', host: '127.0.0.1', port: printer.port }, paper: '80mm', autoPrint: true, cashDrawer: true });
    await printer.close();
    await page.click('no-sale-open');
    await page.settle(60);
    expect(page.text('no-sale-error')).toMatch(/127\.0\.0\.1.*did not answer/);
    printer = await startRawPrinter();
  });

  it('says there is no printer before anyone calls a manager over', async () => {
    page.unmount();
    await till.call('session.elevate', { pin: manager.pin });
    await till.call('printer.setSettings', { connection: { kind: 'none' }, paper: '80mm', autoPrint: true, cashDrawer: true });
    await till.call('session.logout');
    await till.loginAs('cashier');
    const bridge: BranchBridge = { call: ((method: string, input: unknown) => till.backend.dispatch(method, input)) as BranchBridge['call'] };
    page = new TestPage(createBranchData(createClient(bridge)));
    await page.render(<ShiftScreen />);
    await page.type('no-sale-reason', 'change');
    await page.click('no-sale-open');
    await page.settle(30);
    expect(page.$('manager-approval')).toBeNull();
    expect(page.text('no-sale-error')).toMatch(/no receipt printer is set up/);
  });
});
