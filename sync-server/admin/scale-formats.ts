import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { embeddedFormatsSchema, type EmbeddedFormat } from '../../shared/scan/embedded-barcode';
import type { Db } from '../db/db';
import { setStoreScaleFormatsJson, storeScaleFormatsJson, writeAudit } from '../db/catalog-repo';
import { withTenantWrite } from '../db/locks';
import { ACTOR, parseOrThrow } from './common';

// A store's scale label formats (issue 11, shared/scan/embedded-barcode.ts): how the store's scales lay out the
// item code and the weight or price on their labels. Head office sets them per store, as it sets up the scales;
// every till of the store receives them whole in its next pull and reads the labels by them.

/** Sets the store's formats, each checked by assertEmbeddedFormat (an empty list: the store's scales print no labels). */
export async function setScaleFormats(db: Db, input: { tenantId: string; storeId: string; formats: readonly EmbeddedFormat[] }): Promise<EmbeddedFormat[]> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), storeId: z.uuid(), formats: embeddedFormatsSchema }), input, 'scale label formats');
  await withTenantWrite(db, v.tenantId, async (tx) => {
    if (!(await setStoreScaleFormatsJson(tx, v.tenantId, v.storeId, v.formats.length === 0 ? null : v.formats))) {
      throw new DomainError('NOT_FOUND', `the tenant has no store ${v.storeId}`, { storeId: v.storeId });
    }
    await writeAudit(tx, v.tenantId, ACTOR, 'store.scale_formats', { storeId: v.storeId, formats: v.formats });
  });
  return v.formats;
}

export async function getScaleFormats(db: Db, input: { tenantId: string; storeId: string }): Promise<EmbeddedFormat[]> {
  const v = parseOrThrow(z.object({ tenantId: z.uuid(), storeId: z.uuid() }), input, 'store');
  return embeddedFormatsSchema.parse((await storeScaleFormatsJson(db, v.tenantId, v.storeId)) ?? []);
}

/** `--format 21:PPIIIIIVVVVVC:weight` as the CLI takes it. */
export function parseFormatArg(arg: string): EmbeddedFormat {
  const [prefix = '', pattern = '', value = '', ...rest] = arg.split(':');
  if (rest.length > 0 || (value !== 'weight' && value !== 'price')) {
    throw new DomainError('INVALID_INPUT', `--format ${arg}: expected <prefix>:<13-letter pattern>:<weight|price>, e.g. 21:PPIIIIIVVVVVC:weight`);
  }
  return { prefix, pattern: pattern.toUpperCase(), value };
}
