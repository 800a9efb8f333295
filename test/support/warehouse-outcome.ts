// What a warehouse load comes to, in a form two warehouses can be compared by: the report (its
// ingest id zeroed, its changes in a fixed order) or the refusal's name and message. Used by the
// tests that hold a session's warehouse (image, known rows, loaded rows) against a plain one.
import type { LoadMeta, Warehouse } from '../../src/data/warehouse.ts';
import type { Dataset } from '../../src/data/schema.ts';

export async function loadOutcome(wh: Warehouse, batch: Dataset, meta: LoadMeta): Promise<unknown> {
  try {
    const r = await wh.load(batch, meta);
    return { ...r, ingestId: 0, changes: r.changes.map((c) => JSON.stringify(c)).sort() };
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}
