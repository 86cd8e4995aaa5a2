-- Faster payment runs: marking 100,000 entries with a run id no longer rewrites an index
-- keyed on the run id. The export reads unpaid entries through a partial index that holds
-- only them (a marked entry just leaves it), and a run's entries are found through a small
-- partial index on the run id.
DROP INDEX hours_export;
CREATE INDEX hours_unpaid ON hours_entries (guild_id, work_date)
    WHERE status = 'approved' AND payment_run_id IS NULL;
CREATE INDEX hours_run ON hours_entries (payment_run_id) WHERE payment_run_id IS NOT NULL;
