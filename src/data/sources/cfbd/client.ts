// The three CollegeFootballData endpoints edgelab uses, behind a small interface so tests inject
// recorded responses (or a fetch) and never touch the network. The real one is the official
// `cfbd` client; its key must go in a header (the client's `auth` option does not attach it).
import {
  client,
  getAdvancedGameStats,
  getGames,
  getGameTeamStats,
  getLines,
  type AdvancedGameStat,
  type BettingGame,
  type Game as CfbdGame,
  type GameTeamStats,
  type SeasonType as CfbdSeasonType,
} from 'cfbd';
import { UserError } from '../../../util/errors.ts';
import { maskUrl } from '../../../util/redact.ts';

// A type alias (not an interface) so it is assignable to the client's Record<string, unknown> query.
export type CfbdQuery = {
  year: number;
  week?: number;
  seasonType: CfbdSeasonType;
};

export interface CfbdApi {
  getGames(q: CfbdQuery): Promise<CfbdGame[]>;
  getLines(q: CfbdQuery): Promise<BettingGame[]>;
  getAdvancedGameStats(q: CfbdQuery): Promise<AdvancedGameStat[]>;
  /** Team box scores; CFBD needs a week here (q.week is always set). */
  getGameTeamStats(q: CfbdQuery): Promise<GameTeamStats[]>;
}

export const CFBD_KEY_ENV = 'CFBD_API_KEY';
/** Another base URL for the API (a mirror, a proxy, a test's stand-in on 127.0.0.1). */
export const CFBD_URL_ENV = 'CFBD_API_URL';
const DEFAULT_BASE_URL = 'https://api.collegefootballdata.com';

type Result = { data?: unknown; error?: unknown; request: Request; response: Response };

function hintFor(status: number): string {
  if (status === 401 || status === 403) return ` (check ${CFBD_KEY_ENV}: the API refused the key)`;
  if (status === 429) return ' (rate limit or monthly call quota reached; cached responses need no call)';
  return '';
}

async function call<T>(what: string, host: string, run: () => Promise<Result>): Promise<T[]> {
  let res: Result;
  try {
    res = await run();
  } catch (e) {
    throw new UserError(`CFBD API: ${what}: could not reach ${host}: ${(e as Error).message}`);
  }
  const url = maskUrl(res.request?.url ?? what);
  if (!res.response.ok || res.error !== undefined) {
    const detail = typeof res.error === 'object' && res.error && 'message' in res.error ? `: ${String((res.error as { message: unknown }).message)}` : '';
    throw new UserError(`CFBD API: GET ${url} failed with HTTP ${res.response.status}${detail}${hintFor(res.response.status)}`);
  }
  if (!Array.isArray(res.data)) throw new UserError(`CFBD API: GET ${url}: expected a JSON array, got ${typeof res.data}`);
  return res.data as T[];
}

export interface CfbdClientOptions {
  apiKey?: string;
  /** Default: $CFBD_API_URL, else https://api.collegefootballdata.com. */
  baseUrl?: string;
  /** Injected fetch (tests); default: the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
}

/** The official client with the key attached. A missing key is one clear message. */
export function createCfbdApi(opts: CfbdClientOptions = {}): CfbdApi {
  const key = opts.apiKey ?? process.env[CFBD_KEY_ENV];
  if (!key) {
    throw new UserError(
      `${CFBD_KEY_ENV} is not set: get a free key at https://collegefootballdata.com/key and export ${CFBD_KEY_ENV}=... ` +
        '(a pull whose responses are all cached needs no key)',
    );
  }
  const baseUrl = (opts.baseUrl ?? (process.env[CFBD_URL_ENV] || DEFAULT_BASE_URL)).replace(/\/+$/, '');
  const host = maskUrl(baseUrl).replace(/^https?:\/\//, '');
  // The key goes in a header only: never in a URL, a message or the response cache.
  client.setConfig({ baseUrl, headers: { Authorization: `Bearer ${key}` }, fetch: opts.fetch ?? ((r: Request) => globalThis.fetch(r)) });
  return {
    getGames: (query) => call<CfbdGame>('games', host, () => getGames({ query }) as Promise<Result>),
    getLines: (query) => call<BettingGame>('lines', host, () => getLines({ query }) as Promise<Result>),
    getAdvancedGameStats: (query) => call<AdvancedGameStat>('advanced game stats', host, () => getAdvancedGameStats({ query }) as Promise<Result>),
    getGameTeamStats: (query) => call<GameTeamStats>('team box scores', host, () => getGameTeamStats({ query }) as Promise<Result>),
  };
}
