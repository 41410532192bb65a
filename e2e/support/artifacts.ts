import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from './processes';

/** Screenshots the issue asks for are kept in e2e/artifacts/ (ignored by git, kept by CI as test artifacts). */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'e2e', 'artifacts');

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
