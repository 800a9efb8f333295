// `edgelab data export csv DIR`: the warehouse tables as documented CSV files.
import { resolve } from 'node:path';
import type { Layout } from '../artifacts/layout.ts';
import { openWarehouse } from '../data/warehouse.ts';
import { exportCsv, type ExportSummary } from '../data/export.ts';
import { warehousePath } from './data-config.ts';

export async function exportWarehouseCsv(layout: Layout, dir: string, season?: number): Promise<ExportSummary> {
  const wh = await openWarehouse(warehousePath(layout), { readOnly: true });
  let ds;
  try {
    ds = await wh.readDataset(season === undefined ? {} : { seasons: [season] });
  } finally {
    await wh.close();
  }
  return exportCsv(ds, resolve(dir), season);
}
