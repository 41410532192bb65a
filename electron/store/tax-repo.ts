import { legalIdentitySchema, taxSettingsSchema, type LegalIdentity, type TaxSettings } from '../../shared/domain/tax';
import type { TillStore } from './database';

/**
 * The tenant's tax settings and legal identity as last pulled (migration 0013), kept as the JSON the server sent
 * and checked by zod when read. NULL until a server sends them: such a till sells without VAT, as before.
 */
export function setTenantTax(store: TillStore, tax: TaxSettings | undefined, legal: LegalIdentity | undefined): void {
  store.forget('tax:');
  // An older server sends neither: what the till had stays.
  if (tax !== undefined) store.stmt('UPDATE till_config SET tax_json = ? WHERE singleton = 1').run(JSON.stringify(tax));
  if (legal !== undefined) store.stmt('UPDATE till_config SET legal_json = ? WHERE singleton = 1').run(JSON.stringify(legal));
}

// A sale reads the settings every time; parsing the same JSON again would cost each sale a zod pass.
const parsedTax = new Map<string, TaxSettings>();

export function tenantTax(store: TillStore): TaxSettings | null {
  return store.memo('tax:settings', () => loadTenantTax(store));
}

function loadTenantTax(store: TillStore): TaxSettings | null {
  const json = store.stmt<[], { tax_json: string | null }>('SELECT tax_json FROM till_config WHERE singleton = 1').get()?.tax_json ?? null;
  if (json === null) return null;
  let tax = parsedTax.get(json);
  if (tax === undefined) {
    tax = taxSettingsSchema.parse(JSON.parse(json));
    if (parsedTax.size > 16) parsedTax.clear();
    parsedTax.set(json, tax);
  }
  return tax;
}

// Every receipt shows it: parsed once per distinct text, as the tax settings.
const parsedLegal = new Map<string, LegalIdentity>();

export function tenantLegal(store: TillStore): LegalIdentity | null {
  return store.memo('tax:legal', () => loadTenantLegal(store));
}

function loadTenantLegal(store: TillStore): LegalIdentity | null {
  const json = store.stmt<[], { legal_json: string | null }>('SELECT legal_json FROM till_config WHERE singleton = 1').get()?.legal_json ?? null;
  if (json === null) return null;
  let legal = parsedLegal.get(json);
  if (legal === undefined) {
    legal = legalIdentitySchema.parse(JSON.parse(json));
    if (parsedLegal.size > 16) parsedLegal.clear();
    parsedLegal.set(json, legal);
  }
  return legal;
}
