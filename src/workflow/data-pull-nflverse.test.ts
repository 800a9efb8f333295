import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createLayout } from '../artifacts/layout.ts';
import { openWarehouse } from '../data/warehouse.ts';
import { silentProgress } from '../util/progress.ts';
import { initProject } from './init.ts';
import { pullNflverse } from './data-pull-nflverse.ts';
import { PACKAGE_CONF, tempDir } from '../../test/helpers/tmp.ts';
import { scheduleCsv, syntheticSchedule } from '../../test/support/nflverse-schedule-fixture.ts';
import { pbpCsv, playsForSchedule } from '../../test/support/pbp-fixture.ts';
import { gzipSync } from 'node:zlib';

/** A loopback stand-in for GitHub releases: /releases/… redirects to /objects/…, which serves with ETags. */
async function releaseServer(files: Map<string, Buffer>): Promise<{ url: string; server: Server; log: { path: string; status: number }[] }> {
  const log: { path: string; status: number }[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const send = (status: number, body?: Buffer, headers: Record<string, string> = {}) => {
      log.push({ path, status });
      res.writeHead(status, headers);
      res.end(body);
    };
    if (path.startsWith('/releases/')) return send(302, undefined, { location: path.replace('/releases/', '/objects/') });
    const body = files.get(path.replace('/objects/', ''));
    if (!body) return send(404, Buffer.from('Not Found'));
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return send(304);
    send(200, body, { etag, 'last-modified': 'Tue, 01 Jul 2025 00:00:00 GMT', 'content-length': String(body.length) });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/releases`, server, log };
}

test('data pull nflverse: downloads schedules and play-by-play, imports them, and a re-run downloads nothing new', async () => {
  const schedule = syntheticSchedule([2021, 2022, 2023]);
  const files = new Map<string, Buffer>([
    ['schedules/games.csv', Buffer.from(scheduleCsv(schedule))],
    ['pbp/play_by_play_2022.csv.gz', gzipSync(pbpCsv(playsForSchedule(schedule.filter((g) => g.season === 2022))))],
    ['pbp/play_by_play_2023.csv.gz', gzipSync(pbpCsv(playsForSchedule(schedule.filter((g) => g.season === 2023))))],
  ]);
  const srv = await releaseServer(files);
  try {
    const dir = tempDir('pull-nflverse-');
    const layout = createLayout(dir);
    initProject(layout, PACKAGE_CONF, { league: 'nfl' });
    const req = { seasons: [2022, 2023] as [number, number], pbp: true, format: 'csv.gz' as const, baseUrl: srv.url, progress: silentProgress };
    const first = await pullNflverse(layout, req);
    assert.deepEqual(first.downloads.map((d) => [d.path, d.status]), [
      ['data/raw/nflverse/schedules/games.csv', 'downloaded'],
      ['data/raw/nflverse/pbp/play_by_play_2022.csv.gz', 'downloaded'],
      ['data/raw/nflverse/pbp/play_by_play_2023.csv.gz', 'downloaded'],
    ]);
    assert.ok(readFileSync(join(dir, 'data/raw/nflverse/schedules/games.csv')).equals(files.get('schedules/games.csv')!));
    assert.ok(existsSync(join(dir, 'data/raw/nflverse/schedules/games.csv.meta.json')));
    // Only the seasons asked for: 2 × (56 regular + 4 postseason) games; team_game for each played game's two teams.
    assert.equal(first.schedules.rows.games, 120);
    assert.equal(first.pbp!.rows.team_game, 240);
    const wh = await openWarehouse(layout.warehouse, { readOnly: true });
    try {
      const r = await wh.query(`SELECT min(season), max(season), count(*) FILTER (WHERE sport = 'nfl') FROM games`);
      assert.deepEqual(r.rows[0], [2022, 2023, 120]);
    } finally {
      await wh.close();
    }

    const served = srv.log.length;
    const again = await pullNflverse(layout, req);
    assert.deepEqual(again.downloads.map((d) => d.status), ['not-modified', 'not-modified', 'not-modified']);
    assert.deepEqual(srv.log.slice(served).filter((l) => l.status !== 302).map((l) => l.status), [304, 304, 304]);
    assert.equal(again.schedules.load!.inserted + again.schedules.load!.updated, 0);
    assert.equal(again.pbp!.load!.unchanged, 240);

    // A season nflverse has not published: one message naming the URL, nothing changed.
    await assert.rejects(pullNflverse(layout, { ...req, seasons: [2024, 2024] }), /play_by_play_2024\.csv\.gz: 404 not found \(is that season published yet\?/);
  } finally {
    srv.server.close();
  }
});
