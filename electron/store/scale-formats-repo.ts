import { embeddedFormatsSchema, type EmbeddedFormat } from '../../shared/scan/embedded-barcode';
import type { TillStore } from './database';

/**
 * The store's scale label formats as the last pull brought them (migration 0020): head office sets them per store
 * (sync-server/admin/scale-formats.ts). Kept as JSON, checked by zod when written and read. None until a server
 * sends some: no code is read as a scale label.
 */
export function setStoreScaleFormats(store: TillStore, formats: readonly EmbeddedFormat[] | undefined): void {
  // An older server sends none: what the till had stays.
  if (formats === undefined) return;
  const valid = embeddedFormatsSchema.parse(formats);
  store.forget('scale:');
  store.stmt('UPDATE till_config SET scale_formats_json = ? WHERE singleton = 1').run(valid.length === 0 ? null : JSON.stringify(valid));
}

/** Every scan of a code in the 20-29 range reads these: parsed once until the next write. */
export function storeScaleFormats(store: TillStore): readonly EmbeddedFormat[] {
  return store.memo('scale:formats', () => {
    const json = store.stmt<[], { scale_formats_json: string | null }>('SELECT scale_formats_json FROM till_config WHERE singleton = 1').get()?.scale_formats_json ?? null;
    return json === null ? [] : embeddedFormatsSchema.parse(JSON.parse(json));
  });
}
