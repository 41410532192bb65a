/// <reference types="node" />
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import ar from './ar.json';
import fr from './fr.json';
import { ERROR_CODES } from '../../shared/domain/errors';
import { UNITS } from '../../shared/domain/units';
import { ROLES } from '../../shared/domain/schemas';
import type { MoneyInputError } from '../../shared/domain/money-input';
import type { LineDecision, ReturnLineDecision } from '../../shared/policy/conflict-policy';
import { DISCOUNT_REFUSALS } from '../../shared/domain/discounts';
import { WASTE_REASONS, TENDER_METHODS, CHANGE_IN } from '../../shared/ops/operations';
import { CONFLICT_OUTCOMES, CONFLICT_STATES } from '../../shared/policy/conflict-lifecycle';
import { conflictView, DIGIT_SYSTEMS, ROUNDING_MODES, SALE_STATUSES, SYNC_ATTENTION_REASONS, transferView, type DisplayLanguage } from '../../shared/api/branch-api';
import { TRANSFER_STATUSES } from '../../shared/domain/transfer';
import { RESERVATION_STATUSES } from '../../shared/domain/reservation';
import { TRANSFER_RESOLUTIONS } from '../../shared/ops/operations';
import { NEW_TRANSFER_KINDS } from '../screens/transfers/NewTransferForm';
import { TRANSFER_HISTORY_STEPS } from '../screens/transfers/TransferDetail';
import type { SyncBadgeState } from '../components/SyncStatus';
import type { CompleteBlocked } from '../screens/checkout/PaymentPanel';
import { MANAGER_TABS } from '../screens/manager/manager-tabs';
import { CONFLICT_FILTERS } from '../screens/manager/conflict-filters';

/**
 * Every key the screens ask for exists in English, every English key is asked for somewhere, and Arabic and French
 * have exactly the English keys, with the plural forms their language needs and the same placeholders: no screen
 * shows a raw key, an English sentence in an Arabic till, or a sentence that lost its amount.
 */

type Tree = { [key: string]: string | Tree };
const LOCALES: Record<DisplayLanguage, Tree> = { en, ar, fr };
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every string of a locale file by its full key ("pay.items_one"). */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/** Keys as code asks for them: "pay.items" for pay.items_one and pay.items_other. */
function grouped(tree: Tree): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [key, text] of leaves(tree)) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, -m[0].length) : key;
    const form = m ? m[1]! : '';
    if (!out.has(base)) out.set(base, new Map());
    out.get(base)!.set(form, text);
  }
  return out;
}
const EN = grouped(en);

function placeholders(text: string): Set<string> {
  return new Set([...text.matchAll(/\{\{\s*-?\s*([^},\s]+)[^}]*\}\}/g)].map((m) => m[1]!));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'dist' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}
const ROOT = join(import.meta.dirname, '..');
const CODE = sources(ROOT).map((file) => ({ file: file.slice(ROOT.length + 1), text: readFileSync(file, 'utf8') }));

/** t('a.b'), t("a.b"), i18nKey="a.b": keys written out in the code. */
function literalKeys(): { key: string; file: string }[] {
  return CODE.flatMap(({ file, text }) =>
    [...text.matchAll(/\bt\(\s*(['"])([a-zA-Z0-9_.]+)\1|\bi18nKey=\{?\s*(['"])([a-zA-Z0-9_.]+)\3/g)].map((m) => ({ key: (m[2] ?? m[4])!, file })),
  );
}
/** t(`errors.${e.code}`): keys the code builds, as templates with * for each value ("errors.*"). */
function builtTemplates(): { template: string; file: string }[] {
  return CODE.flatMap(({ file, text }) =>
    [...text.matchAll(/\bt\(\s*`([^`]*)`/g)].map((m) => ({ template: m[1]!.replace(/\$\{[^}]*\}/g, '*'), file })),
  );
}

/** A list that names every value of a union type: the type check fails when a value is left out. */
function everyOf<T extends string>() {
  return <const A extends readonly T[]>(list: [Exclude<T, A[number]>] extends [never] ? A : readonly [...A, Exclude<T, A[number]>]) => list as A;
}

/**
 * The key families the code builds, each from the one list its values come from (the domain's, the contract's or
 * the screen's own), never copied here; values that exist only as a type are listed with a check that none is left out.
 */
const FAMILIES: Record<string, readonly string[]> = {
  'errors.*': ERROR_CODES,
  'units.*': UNITS,
  'roles.*': ROLES,
  'waste.reasons.*': WASTE_REASONS,
  'pay.method.*': TENDER_METHODS,
  'pay.changeIn.*': CHANGE_IN,
  'exchange.rounding.*': ROUNDING_MODES,
  'pay.input.*': everyOf<MoneyInputError['kind']>()(['empty', 'not_an_amount', 'negative', 'bad_grouping', 'too_many_decimals', 'too_large']),
  'pay.blocked.*': everyOf<CompleteBlocked['why']>()(['empty', 'due', 'cardOverpays']),
  'conflicts.state.*': CONFLICT_STATES,
  'conflicts.filter.*': CONFLICT_FILTERS,
  'conflicts.outcome.*': CONFLICT_OUTCOMES,
  'conflicts.kind.*': conflictView.shape.kind.options,
  // a sale line's conflict, and a return of more than was left of a line (another till took the same goods back)
  'conflicts.reason.*': everyOf<Extract<LineDecision, { reason: string }>['reason'] | Extract<ReturnLineDecision, { conflict: string }>['reason']>()([
    'insufficient_stock',
    'walk_in_oversell',
    'manager_override',
    'deleted_product',
    'returned_twice',
  ]),
  'receipt.status.*': SALE_STATUSES,
  'cartRefusal.*': DISCOUNT_REFUSALS,
  // the badge's state; 'attention' has its own words (sync.attention.badge)
  'sync.*': everyOf<Exclude<SyncBadgeState, 'attention'>>()(['online', 'offline', 'unreachable']),
  'sync.attention.*.what': SYNC_ATTENTION_REASONS,
  'sync.attention.*.todo': SYNC_ATTENTION_REASONS,
  'manager.tab.*': MANAGER_TABS,
  'settings.digitNames.*': DIGIT_SYSTEMS,
  'transfers.status.*': TRANSFER_STATUSES,
  'transfers.direction.*': transferView.shape.direction.options,
  'transfers.new.kinds.*': NEW_TRANSFER_KINDS,
  'transfers.resolution.*': TRANSFER_RESOLUTIONS,
  'transfers.step.*': TRANSFER_HISTORY_STEPS,
  'reservations.status.*': RESERVATION_STATUSES,
};
const familyKeys = Object.entries(FAMILIES).flatMap(([template, values]) => values.map((v) => template.replace('*', v)));

describe('English strings and the code', () => {
  it('has every literal key used by the renderer', () => {
    const found = literalKeys();
    expect(found.length).toBeGreaterThan(100);
    expect(found.filter(({ key }) => !EN.has(key)).map(({ key, file }) => `${key} (${file})`)).toEqual([]);
  });

  it('knows the list behind every key the code builds, and every listed family is still built', () => {
    const built = new Set(builtTemplates().map((b) => b.template));
    expect(builtTemplates().filter((b) => !(b.template in FAMILIES)).map((b) => `${b.template} (${b.file})`)).toEqual([]);
    expect(Object.keys(FAMILIES).filter((f) => !built.has(f))).toEqual([]);
  });

  it('has every key built from those lists', () => {
    expect(familyKeys.filter((k) => !EN.has(k))).toEqual([]);
  });

  it('has no key that the code never asks for', () => {
    const used = new Set([...literalKeys().map((l) => l.key), ...familyKeys]);
    expect([...EN.keys()].filter((k) => !used.has(k))).toEqual([]);
  });

  it('gives each plural key the forms English needs (and no stray plural suffix)', () => {
    const needed = new Intl.PluralRules('en').resolvedOptions().pluralCategories;
    for (const [key, forms] of EN) {
      if (forms.has('')) expect([...forms.keys()], key).toEqual(['']);
      else for (const c of needed) expect(forms.has(c), `${key}_${c}`).toBe(true);
    }
  });
});

describe.each(['ar', 'fr'] as const)('%s strings', (lng) => {
  const LOC = grouped(LOCALES[lng]);
  // i18next picks the form by Intl.PluralRules; "_zero" is its own extra form for a count of 0, in any language
  const categories = new Set<string>([...new Intl.PluralRules(lng).resolvedOptions().pluralCategories, 'zero']);
  const required = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;

  it('has every key of en.json', () => {
    expect([...EN.keys()].filter((k) => !LOC.has(k))).toEqual([]);
  });

  it('has no key that en.json lacks', () => {
    expect([...LOC.keys()].filter((k) => !EN.has(k))).toEqual([]);
  });

  it(`has every plural form ${lng} needs where English has plural forms, and plain strings where it has none`, () => {
    const wrong: string[] = [];
    for (const [key, enForms] of EN) {
      const forms = LOC.get(key);
      if (forms === undefined) continue;
      if (enForms.has('')) {
        if (!forms.has('') || forms.size !== 1) wrong.push(`${key}: a plain string, not ${[...forms.keys()].join('/')}`);
        continue;
      }
      for (const c of required) if (!forms.has(c)) wrong.push(`${key}_${c} missing`);
      for (const f of forms.keys()) if (!categories.has(f)) wrong.push(`${key}${f === '' ? '' : `_${f}`}: not a plural form of ${lng}`);
      // a form English gives its own words to (_zero: "no decimals") must be there too
      if (enForms.has('zero') && !forms.has('zero')) wrong.push(`${key}_zero missing`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the placeholders of every English string', () => {
    const wrong: string[] = [];
    for (const [key, enForms] of EN) {
      const forms = LOC.get(key);
      if (forms === undefined) continue;
      const enAll = new Set([...enForms.values()].flatMap((t) => [...placeholders(t)]));
      for (const [form, text] of forms) {
        const have = placeholders(text);
        const name = form === '' ? key : `${key}_${form}`;
        for (const p of have) if (!enAll.has(p)) wrong.push(`${name}: {{${p}}} is not in English`);
        // A plural form may say its number in words ("سطر واحد", "بندان"): only {{count}} may be left out.
        for (const p of enAll) if (!have.has(p) && !(p === 'count' && form !== '')) wrong.push(`${name}: {{${p}}} is missing`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('is translated: no string is left in English, apart from names, codes and units', () => {
    // the brand, units' symbols, and words French shares with English ("Total", "Actions", "OK", "Signature", "Date")
    const SAME_OK = /^(app\.name$|app\.where$|units\.|pin\.ok$|pin\.clearShort$|pay\.total$|cart\.total$|cart\.actions$|deliveryNote\.signature$|deliveryNote\.date$)/;
    const enLeaves = leaves(en);
    const same = [...leaves(LOCALES[lng])].filter(([k, v]) => enLeaves.get(k) === v && !SAME_OK.test(k) && /[a-z]{3}/.test(v)).map(([k]) => k);
    expect(same).toEqual([]);
  });
});
