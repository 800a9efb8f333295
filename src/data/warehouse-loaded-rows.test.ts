// A session's warehouse knows a frozen row it loaded before by identity (warehouse/table-image.ts
// LoadedRows): it is not validated or texted again, whatever the image holds for its key now. Any
// sequence of loads that reuses frozen rows (the demo's weekly reveal), brings back a row after
// its key was given another value, drops, adds, changes or breaks rows must give the verdicts,
// reports, fingerprints and reads of a plain warehouse, which checks every row afresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse, type LoadMeta, type Warehouse } from './warehouse.ts';
import { withWarehouseSession } from './warehouse-session.ts';
import { generateDemoLeague, DEMO_ID_PREFIX } from './sources/demo/league.ts';
import { TABLES } from './warehouse/tables.ts';
import type { Dataset } from './schema.ts';
import { loadOutcome } from '../../test/support/warehouse-outcome.ts';

type Row = Record<string, unknown>;
const { dataset: league } = generateDemoLeague({ seasons: [2023, 2023], seed: 7 });
const ids = new Set(league.games.slice(0, 16).map((g) => g.game_id));
const pick = (rows: object[]) => rows.filter((r) => ids.has((r as Row).game_id as string)).map((r) => Object.freeze({ ...r }) as Row);
// The same frozen objects in every batch, as the demo hands them out.
const base: Record<string, Row[]> = { games: pick(league.games), lines: pick(league.lines), teamGames: pick(league.teamGames) };
const scoped: LoadMeta = { source: 'demo', params: {}, scope: { gameIdPrefix: DEMO_ID_PREFIX } };

const VALUES: unknown[] = [null, -0, 0, 3, 1.5, NaN, 'x', 'regular', true, '2023-09-02T17:00:00Z'];
const change = fc.record({
  table: fc.integer({ min: 0, max: 2 }),
  row: fc.nat(),
  kind: fc.constantFrom('variant', 'variant', 'drop', 'newkey', 'duplicate', 'unfrozen'),
  column: fc.nat(),
  value: fc.constantFrom(...VALUES),
});
type Change = { table: number; row: number; kind: string; column: number; value: unknown };

// Variants are made once per (table, row, column, value) and reused, so a later batch can bring
// back the very object an earlier one loaded.
function batchOf(changes: Change[], variants: Map<string, Row>): Dataset {
  const out: Record<string, Row[]> = { games: [...base.games!], lines: [...base.lines!], teamGames: [...base.teamGames!] };
  for (const c of changes) {
    const t = TABLES[c.table]!;
    const rows = out[t.datasetKey]!;
    if (rows.length === 0) continue;
    const i = c.row % rows.length;
    const col = t.columns[c.column % t.columns.length]!.name;
    const id = `${c.table}/${i}/${col}/${String(c.value)}/${Object.is(c.value, -0) ? 'neg' : ''}`;
    const variant = () => {
      if (!variants.has(id)) variants.set(id, Object.freeze({ ...rows[i], [col]: c.value }));
      return variants.get(id)!;
    };
    if (c.kind === 'variant') rows[i] = variant();
    else if (c.kind === 'unfrozen') rows[i] = { ...variant() };
    else if (c.kind === 'drop') rows.splice(i, 1);
    else if (c.kind === 'duplicate') rows.push(rows[i]!);
    else if (t.name === 'games') rows.push(Object.freeze({ ...rows[i], game_id: `${DEMO_ID_PREFIX}x${i}` }));
  }
  return out as unknown as Dataset;
}

const outcome = (wh: Warehouse, batch: Dataset) => loadOutcome(wh, batch, scoped);

test('frozen rows known by identity: every load and read as a plain warehouse gives them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-loaded-'));
  try {
    const plain = await openWarehouse(join(dir, 'plain.duckdb'));
    let refused = 0;
    let accepted = 0;
    let plainHoldsBase = false;
    await withWarehouseSession(async () => {
      const wh = await openWarehouse(join(dir, 'session.duckdb'));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 2 }), async (loads) => {
          const variants = new Map<string, Row>();
          await wh.load(base as unknown as Dataset, scoped);
          // A run ends with the base rows loaded (accepted) into the plain warehouse, as they are
          // here: loading them again (≈ 60 ms of DuckDB statements) would change nothing but the
          // ingest log, which no outcome shows.
          if (!plainHoldsBase) await plain.load(base as unknown as Dataset, scoped);
          plainHoldsBase = false;
          // Each batch, then the base again: a variant's key goes back to the base row.
          for (const changes of loads) {
            for (const batch of [batchOf(changes, variants), base as unknown as Dataset]) {
              const [a, b] = [await outcome(wh, batch), await outcome(plain, batch)];
              plainHoldsBase = batch === (base as unknown as Dataset) && typeof b !== 'string';
              assert.deepEqual(a, b);
              if (typeof a === 'string') refused++;
              else accepted++;
              assert.equal(JSON.stringify(await wh.readDataset()), JSON.stringify(await plain.readDataset()));
            }
          }
        }),
        { numRuns: 5, seed: 23 },
      );
    });
    await plain.close();
    // Both verdicts occur: refused batches (a bad value, a duplicate) and accepted changes.
    assert.ok(refused > 2 && accepted > refused, `refused ${refused}, accepted ${accepted}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a session knows from its image whether rows refer to games it does not hold; a plain warehouse asks DuckDB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-strays-'));
  try {
    const plain = await openWarehouse(join(dir, 'plain.duckdb'));
    await plain.load(base as unknown as Dataset, scoped);
    assert.equal(plain.straysKnown(), undefined);
    await plain.close();
    await withWarehouseSession(async () => {
      const wh = await openWarehouse(join(dir, 'session.duckdb'));
      await wh.load(base as unknown as Dataset, scoped);
      assert.equal(wh.straysKnown(), false);
      // A line whose game the image does not hold is a stray.
      const image = (wh as unknown as { image: { lines: { rows: unknown[] } } }).image;
      image.lines.rows = [...image.lines.rows, { game_id: 'nowhere', provider: 'book' }];
      assert.equal(wh.straysKnown(), true);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed row with a string the image cannot mirror (surrogates) is updated, not deleted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-unmirrored-'));
  try {
    const plain = await openWarehouse(join(dir, 'plain.duckdb'));
    const batch: Dataset = { ...(base as unknown as Dataset), games: base.games!.map((g, i) => (i === 2 ? { ...g, home_conference: 'Conf \u{1D538}' } : g)) as unknown as Dataset['games'] };
    await withWarehouseSession(async () => {
      const wh = await openWarehouse(join(dir, 'session.duckdb'));
      for (const b of [base as unknown as Dataset, batch]) {
        const [x, y] = [await outcome(wh, b), await outcome(plain, b)];
        assert.deepEqual(x, y);
      }
      assert.equal(JSON.stringify(await wh.readDataset()), JSON.stringify(await plain.readDataset()));
      assert.equal((await wh.readDataset()).games.length, base.games!.length);
    });
    await plain.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
