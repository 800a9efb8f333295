// `edgelab data status` and `edgelab data query`: read-only looks into the warehouse.
import type { Layout } from '../artifacts/layout.ts';
import { existsSync } from 'node:fs';
import { openWarehouse, type QueryResult, type WarehouseStatus } from '../data/warehouse.ts';
import { warehousePath } from './data-config.ts';

export async function warehouseStatus(layout: Layout): Promise<WarehouseStatus & { demo?: unknown }> {
  const wh = await openWarehouse(warehousePath(layout), { readOnly: true });
  try {
    return { ...(await wh.status()), demo: await wh.sourceState('demo') };
  } finally {
    await wh.close();
  }
}

export async function queryWarehouse(layout: Layout, sql: string): Promise<QueryResult> {
  const wh = await openWarehouse(warehousePath(layout), { readOnly: true });
  try {
    return await wh.query(sql);
  } finally {
    await wh.close();
  }
}

/** The seasons the warehouse holds games of ([] before any data is loaded). */
export async function warehouseSeasons(layout: Layout): Promise<number[]> {
  const path = warehousePath(layout);
  if (!existsSync(path)) return [];
  const r = await queryWarehouse(layout, 'SELECT DISTINCT season FROM games ORDER BY season');
  return r.rows.map((row) => Number(row[0]));
}
