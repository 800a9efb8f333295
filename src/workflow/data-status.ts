// `edgelab data status` and `edgelab data query`: read-only looks into the warehouse.
import type { Layout } from '../artifacts/layout.ts';
import { openWarehouse, type QueryResult, type WarehouseStatus } from '../data/warehouse.ts';
import { warehousePath } from './data-config.ts';

export async function warehouseStatus(layout: Layout): Promise<WarehouseStatus & { demo?: unknown }> {
  const wh = await openWarehouse(warehousePath(layout), { readOnly: true });
  try {
    return { ...(await wh.status()), demo: await wh.sourceState('demo') };
  } finally {
    wh.close();
  }
}

export async function queryWarehouse(layout: Layout, sql: string): Promise<QueryResult> {
  const wh = await openWarehouse(warehousePath(layout), { readOnly: true });
  try {
    return await wh.query(sql);
  } finally {
    wh.close();
  }
}
