// A session's load validates and texts only the rows its image does not hold as they are
// (warehouse/table-image.ts knownTexts): its verdict (the same LoadError, or the same report and
// fingerprint) must be that of a plain warehouse, which validates and hashes every row afresh.
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

const { dataset: league } = generateDemoLeague({ seasons: [2023, 2023], seed: 5 });
const ids = new Set(league.games.slice(0, 20).map((g) => g.game_id));
const base: Dataset = {
  games: league.games.filter((g) => ids.has(g.game_id)),
  lines: league.lines.filter((l) => ids.has(l.game_id)),
  teamGames: league.teamGames.filter((t) => ids.has(t.game_id)),
};
const scoped: LoadMeta = { source: 'demo', params: {}, scope: { gameIdPrefix: DEMO_ID_PREFIX } };
type Row = Record<string, unknown>;

// Values valid in some columns and not in others, and the edge cases of equality (-0, NaN, undefined).
const VALUES: unknown[] = [null, undefined, -0, 0, 1, -3, 1.5, NaN, 2 ** 40, '', ' ', 'x', 'regular', 'postseason', 'nfl', true, false, '2023-09-02T17:00:00Z', 'not a date'];
const mutation = fc.record({
  table: fc.integer({ min: 0, max: 2 }),
  row: fc.nat(),
  kind: fc.constantFrom('set', 'set', 'set', 'extra', 'duplicate', 'drop', 'key'),
  column: fc.nat(),
  value: fc.constantFrom(...VALUES),
});

interface Mutation {
  table: number;
  row: number;
  kind: string;
  column: number;
  value: unknown;
}

function mutate(muts: Mutation[]): Dataset {
  const out = { games: [...base.games], lines: [...base.lines], teamGames: [...base.teamGames] } as unknown as Record<string, Row[]>;
  for (const m of muts) {
    const t = TABLES[m.table]!;
    const rows = out[t.datasetKey]!;
    if (rows.length === 0) continue;
    const i = m.row % rows.length;
    const col = t.columns[m.column % t.columns.length]!.name;
    if (m.kind === 'set') rows[i] = { ...rows[i], [col]: m.value };
    else if (m.kind === 'extra') rows[i] = { ...rows[i], surprise: m.value };
    else if (m.kind === 'duplicate') rows.push({ ...rows[i] });
    else if (m.kind === 'drop') rows.splice(i, 1);
    else rows[i] = { ...rows[i], [t.key[0]!]: `${String(rows[i]![t.key[0]!])}_${String(m.value)}` };
  }
  return out as unknown as Dataset;
}

const outcome = (wh: Warehouse, batch: Dataset) => loadOutcome(wh, batch, scoped);

test('a load checked against the image gives the verdict and fingerprint of a full check, for any changed rows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-wh-known-'));
  try {
    const plain = await openWarehouse(join(dir, 'plain.duckdb'));
    await withWarehouseSession(async () => {
      const wh = await openWarehouse(join(dir, 'session.duckdb'));
      let refused = 0;
      // Whether the plain warehouse holds the base rows as they are: after a refused load it
      // does (a refusal changes nothing, its transaction rolled back), and loading them again
      // (≈ 60 ms of DuckDB statements, a plain load's cost) would change nothing but the ingest
      // log, which no outcome shows (its ingest id is zeroed).
      let plainHoldsBase = false;
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (muts) => {
          await wh.load(base, scoped);
          if (!plainHoldsBase) await plain.load(base, scoped);
          assert.ok((wh as unknown as { image: unknown }).image, 'the session knows its tables before the changed load');
          const batch = mutate(muts);
          const [a, b] = [await outcome(wh, batch), await outcome(plain, batch)];
          plainHoldsBase = typeof b === 'string';
          assert.deepEqual(a, b);
          if (typeof a === 'string') refused++;
        }),
        { numRuns: 24, seed: 19 },
      );
      // Both verdicts occur: refusals (a bad value in a known row's place) and accepted changes.
      assert.ok(refused > 3 && refused < 21, `refused ${refused} of 24`);
    });
    await plain.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
