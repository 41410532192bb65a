-- Issue 11: VAT. The tenant's tax settings and legal identity as last pulled (shared/domain/tax.ts, JSON checked by
-- zod when read; NULL until a server sends them: a till without them locks no VAT, as before), each product's tax
-- class (NULL: the tenant's default class), and the VAT summary a sale locked (vat.ts VatSummary with whether the
-- prices included tax; NULL for a sale without VAT): the receipt and a reprint read it, never today's rates.
ALTER TABLE till_config ADD COLUMN tax_json TEXT;
ALTER TABLE till_config ADD COLUMN legal_json TEXT;
ALTER TABLE products ADD COLUMN tax_class TEXT;
ALTER TABLE sales ADD COLUMN vat_json TEXT;
