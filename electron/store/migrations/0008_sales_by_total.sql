-- Receipt history (sale.search, electron/store/sales-repo.ts searchSaleRows): a cashier finds a past sale by the
-- amount the customer remembers. Without this index every such search reads the whole sales table; with it, the
-- sales of one total are read newest first (occurred_at) straight from the index. Searches by number use the
-- UNIQUE index on number, searches by time sales_recent (0001).
CREATE INDEX sales_by_total ON sales (total, occurred_at);
