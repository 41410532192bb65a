// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge } from '../../../shared/api/branch-api';
import { createTempTill, type TempTill } from '../../../electron/test-support/temp-till';
import { createClient } from '../../api/client';
import { createBranchData, useBranchQuery } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { TestPage } from '../../test-support/fake-branch';
import { discountLimitBp } from '../../../electron/store/selling-settings-repo';
import { DisplaySettingsScreen } from './DisplaySettingsScreen';

function KeepTillInfo() {
  useBranchQuery('till.info', {});
  return null;
}

/** A manager sets the shop's discount limit on the settings tab (issue 11), against a real till backend. */
let till: TempTill;
let page: TestPage;

beforeEach(async () => {
  await initI18n('en');
  till = createTempTill({ demo: { products: 4 } });
  await till.loginAs('manager');
  const bridge: BranchBridge = { call: ((method: string, input: unknown) => till.backend.dispatch(method, input)) as BranchBridge['call'] };
  const branch = createBranchData(createClient(bridge));
  page = new TestPage(branch);
  // the app keeps the till's info observed from start-up (useStartup); so does this page
  await page.render(
    <>
      <KeepTillInfo />
      <DisplaySettingsScreen />
    </>,
  );
});
afterEach(() => {
  page.unmount();
  till.cleanup();
});

describe('the discount limit', () => {
  it('shows 10% until set, takes a typed percentage, and says one past 100%', async () => {
    expect(page.get('settings-discount-limit').getAttribute('data-bp')).toBe('1000');
    await page.type('settings-discount-limit-value', '150');
    expect((page.get('settings-discount-limit-save') as HTMLButtonElement).disabled).toBe(true);
    await page.type('settings-discount-limit-value', '7.5');
    await page.click('settings-discount-limit-save');
    expect(discountLimitBp(till.backend.db)).toBe(750);
    await page.settle(50);
    expect(page.get('settings-discount-limit').getAttribute('data-bp')).toBe('750');
  });
});
