// Test support: an in-process MLflow tracking server (node:http) for the endpoints edgelab uses.
// It keeps state (experiments, runs, registry, proxied artifacts) so whole syncs can run against
// it, but every answer takes its shape, headers, status and error text from the exchanges
// recorded from a real MLflow 3.10 server (mlflow-recordings.ts, `file #seq` cited per case):
// sequential experiment ids, 32-hex run ids, base64 `{"offset": n}` page tokens, get-history
// without max_results returning only a token, ±Infinity stored as ±DBL_MAX (SQL backend), empty
// lists omitted, HTML 404 for unknown endpoints, 503 text from the proxy with
// --no-serve-artifacts. The artifact root is configurable like `mlflow server`'s options.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchange, recordedError, replayHeaders, responseText } from './mlflow-recordings.ts';

type Json = Record<string, any>;
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Json | undefined;
  raw: Buffer;
  headers: IncomingMessage['headers'];
}

interface Run {
  info: Json;
  params: Map<string, string>;
  tags: Map<string, string>;
  metrics: { key: string; value: number; timestamp: number; step: number }[];
}

export interface MockServerOptions {
  /** Like `--default-artifact-root`: a path or `s3://…`; default the proxy (`mlflow-artifacts:`). */
  artifactRoot?: string;
  /** `--no-serve-artifacts` when false (04b). */
  serveArtifacts?: boolean;
}

class ApiError extends Error {
  constructor(readonly status: number, readonly body: Json) {
    super(body.message);
  }
}
const recorded = (...a: Parameters<typeof recordedError>) => {
  const e = recordedError(...a);
  return new ApiError(e.status, e.body);
};

const DBL_MAX = 1.7976931348623157e308;
const enc = (v: number): number | string => (Number.isNaN(v) ? 'NaN' : v);
const dec = (v: unknown): number => (v === 'NaN' ? NaN : v === 'Infinity' ? DBL_MAX : v === '-Infinity' ? -DBL_MAX : Number(v)); // 02 #12
const kv = (m: Map<string, string>) => (m.size ? [...m].map(([key, value]) => ({ key, value })) : undefined);
const token = (offset: number) => Buffer.from(JSON.stringify({ offset }).replace(':', ': ')).toString('base64'); // 02 #13
const offsetOf = (t: unknown) => (t ? Number((JSON.parse(Buffer.from(String(t), 'base64').toString()) as { offset: number }).offset) : 0);
const JSON_HEADERS = replayHeaders(exchange('01-experiments', 1));

function page<T>(all: T[], b: Json): { items: T[]; next?: string } {
  const size = Number(b.max_results ?? 1000);
  const start = offsetOf(b.page_token);
  return { items: all.slice(start, start + size), ...(start + size < all.length ? { next: token(start + size) } : {}) };
}

/** What a server's answers depend on (not the requests it logged): `save` and `restore` deal in it. */
export interface MockServerState {
  artifacts: Map<string, Buffer>;
  experiments: Map<string, Json>;
  runs: Map<string, Run>;
  models: MockMlflowServer['models'];
  nextExp: number;
  nextRun: number;
}

/** A deep copy of `f` (its buffers too). */
function copyState(f: MockServerState): MockServerState {
  return {
    artifacts: new Map([...f.artifacts].map(([k, v]) => [k, Buffer.from(v)])),
    experiments: structuredClone(f.experiments),
    runs: structuredClone(f.runs),
    models: structuredClone(f.models),
    nextExp: f.nextExp,
    nextRun: f.nextRun,
  };
}

export class MockMlflowServer {
  readonly requests: RecordedRequest[] = [];
  readonly artifacts = new Map<string, Buffer>();
  readonly experiments = new Map<string, Json>();
  readonly runs = new Map<string, Run>();
  readonly models = new Map<string, { model: Json; tags: Map<string, string>; aliases: Map<string, string>; versions: Json[] }>();
  private faults: { path: string; status: number; times: number }[] = [];
  private server: Server | undefined;
  private nextExp = 1;
  private nextRun = 1;
  url = '';
  /** Called as each request arrives, before it is read or answered (the state is still the one the requests before it left). */
  onRequest: (() => void) | null = null;

  constructor(private readonly opts: MockServerOptions = {}) {}

  private location(id: string): string {
    const root = this.opts.artifactRoot ?? 'mlflow-artifacts:';
    return root === 'mlflow-artifacts:' ? `mlflow-artifacts:/${id}` : `${root.replace(/\/+$/, '')}/${id}`;
  }

  async start(): Promise<string> {
    this.experiments.set('0', { experiment_id: '0', name: 'Default', artifact_location: this.location('0'), lifecycle_stage: 'active', last_update_time: Date.now(), creation_time: Date.now() });
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  /** The next `times` requests to `path` answer `status` (an injected failure, not a recording). */
  failNext(path: string, status: number, times = 1): void {
    this.faults.push({ path, status, times });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** A deep copy of the server's state now. */
  save(): MockServerState {
    const { artifacts, experiments, runs, models, nextExp, nextRun } = this;
    return copyState({ artifacts, experiments, runs, models, nextExp, nextRun });
  }

  /** Make `state` (copied: `state` itself stays as it is) the server's state. */
  restore(state: MockServerState): void {
    const s = copyState(state);
    for (const key of ['artifacts', 'experiments', 'runs', 'models'] as const) {
      const into = this[key] as Map<string, unknown>;
      into.clear();
      for (const [k, v] of s[key] as Map<string, unknown>) into.set(k, v);
    }
    this.nextExp = s.nextExp;
    this.nextRun = s.nextRun;
  }

  count(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  bodies(path: string): Json[] {
    return this.requests.filter((r) => r.path === path).map((r) => r.body ?? r.query);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.onRequest?.();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    const ctype = req.headers['content-type'];
    let body: Json | undefined;
    if (ctype === 'application/json' && raw.length) body = JSON.parse(raw.toString('utf8'));
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? '';
    this.requests.push({ method, path, query, body, raw, headers: req.headers });
    const send = (status: number, obj: Json) => {
      res.writeHead(status, JSON_HEADERS);
      res.end(JSON.stringify(obj));
    };
    const replay = (file: Parameters<typeof exchange>[0], seq: number) => {
      const e = exchange(file, seq);
      res.writeHead(e.status, replayHeaders(e));
      res.end(responseText(e));
    };
    const fault = this.faults.find((f) => f.path === path && f.times > 0);
    if (fault) {
      fault.times--;
      return send(fault.status, { error_code: fault.status === 429 ? 'REQUEST_LIMIT_EXCEEDED' : 'INTERNAL_ERROR', message: 'injected failure' });
    }
    try {
      if (path.startsWith('/api/2.0/mlflow-artifacts/artifacts')) {
        if (this.opts.serveArtifacts === false) return replay('04b-no-serve-artifacts', 8);
        if (method === 'PUT') {
          this.artifacts.set(path.slice('/api/2.0/mlflow-artifacts/artifacts/'.length), raw);
          return send(200, {}); // 03 #4
        }
        if (method === 'GET' && path === '/api/2.0/mlflow-artifacts/artifacts') return send(200, this.listArtifacts(query.path ?? ''));
        return replay('06-errors', 4);
      }
      if (!path.startsWith('/api/2.0/mlflow/')) return replay('06-errors', 2);
      if (method !== 'GET' && ctype !== 'application/json') throw recorded('06-errors', ctype ? 7 : 6);
      const out = this.route(`${method} ${path.slice('/api/2.0/mlflow/'.length)}`, method === 'GET' ? query : (body ?? {}), url.searchParams);
      if (out === undefined) return replay('06-errors', 2);
      send(200, out);
    } catch (e) {
      if (e instanceof ApiError) return send(e.status, e.body);
      send(500, { error_code: 'INTERNAL_ERROR', message: String(e) });
    }
  }

  /** 03 #9, #11, #19: names relative to the folder, `{}` when empty or missing. */
  private listArtifacts(dir: string): Json {
    const prefix = dir ? `${dir.replace(/\/+$/, '')}/` : '';
    const seen = new Map<string, Json>();
    for (const [k, v] of this.artifacts) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const name = rest.split('/')[0]!;
      seen.set(name, rest.includes('/') ? { path: name, is_dir: true } : { path: name, is_dir: false, file_size: v.length });
    }
    return seen.size ? { files: [...seen.values()].sort((a, b) => a.path.localeCompare(b.path)) } : {};
  }

  private run(id: string): Run {
    const r = this.runs.get(id);
    if (!r) throw recorded('02-runs', 47, { '0123456789abcdef0123456789abcdef': id });
    return r;
  }

  private runJson(r: Run): Json {
    const latest = new Map<string, Run['metrics'][number]>();
    for (const m of r.metrics) {
      const b = latest.get(m.key);
      if (!b || m.step > b.step || (m.step === b.step && m.timestamp >= b.timestamp)) latest.set(m.key, m);
    }
    const metrics = [...latest.values()].map((m) => ({ ...m, value: enc(m.value) }));
    return { info: r.info, data: { metrics: metrics.length ? metrics : undefined, params: kv(r.params), tags: kv(r.tags) }, inputs: {}, outputs: {} }; // 02 #10
  }

  private model(name: string) {
    const m = this.models.get(name);
    if (!m) throw recorded('05-model-registry', 54, { 'rec-missing': name });
    return m;
  }

  private route(key: string, b: Json, qs: URLSearchParams): Json | undefined {
    switch (key) {
      case 'GET experiments/get-by-name': {
        const e = [...this.experiments.values()].find((x) => x.name === b.experiment_name);
        if (!e) throw recorded('01-experiments', 3, { 'rec-no-such-experiment': b.experiment_name });
        return { experiment: e };
      }
      case 'GET experiments/get': {
        const e = this.experiments.get(String(b.experiment_id));
        if (!e) throw recorded('01-experiments', 5, { '999999': String(b.experiment_id) });
        return { experiment: e };
      }
      case 'POST experiments/create': {
        if (!b.name) throw recorded('06-errors', 8);
        if ([...this.experiments.values()].some((x) => x.name === b.name)) throw recorded('01-experiments', 12, { 'rec-experiments': b.name });
        const id = String(this.nextExp++);
        const now = Date.now();
        this.experiments.set(id, {
          experiment_id: id, name: b.name, artifact_location: b.artifact_location ?? this.location(id), lifecycle_stage: 'active',
          last_update_time: now, creation_time: now, ...(b.tags?.length ? { tags: b.tags } : {}),
        });
        return { experiment_id: id }; // 01 #1
      }
      case 'POST experiments/search': {
        const p = page([...this.experiments.values()].filter((e) => e.lifecycle_stage === 'active').reverse(), b); // 01 #8: newest first
        return { experiments: p.items, ...(p.next ? { next_page_token: p.next } : {}) };
      }
      case 'POST runs/create': {
        const exp = this.experiments.get(String(b.experiment_id));
        if (!exp) throw recorded('01-experiments', 5, { '999999': String(b.experiment_id) });
        const id = (this.nextRun++).toString(16).padStart(32, '0');
        const tags = new Map<string, string>((b.tags ?? []).map((t: Json) => [t.key, t.value]));
        if (b.run_name) tags.set('mlflow.runName', b.run_name);
        const info = {
          run_uuid: id, experiment_id: String(b.experiment_id), run_name: b.run_name, user_id: b.user_id ?? '', status: 'RUNNING',
          start_time: b.start_time, artifact_uri: `${exp.artifact_location}/${id}/artifacts`, lifecycle_stage: 'active', run_id: id,
        };
        const run: Run = { info, params: new Map(), tags, metrics: [] };
        this.runs.set(id, run);
        return { run: this.runJson(run) };
      }
      case 'POST runs/update': {
        const r = this.run(b.run_id ?? b.run_uuid);
        if (b.status) r.info.status = b.status;
        if (b.end_time !== undefined) r.info.end_time = b.end_time; // 02 #18: no end_time, none set
        if (b.run_name) r.info.run_name = b.run_name;
        return { run_info: r.info };
      }
      case 'POST runs/delete':
        this.run(b.run_id).info.lifecycle_stage = 'deleted';
        return {};
      case 'GET runs/get':
        return { run: this.runJson(this.run(b.run_id ?? b.run_uuid)) };
      case 'POST runs/log-batch': {
        const r = this.run(b.run_id);
        if (r.info.lifecycle_stage !== 'active') throw recorded('06-errors', 38, { '2f27e610d35542e081a637697cf81e4e': b.run_id });
        const [m, p, t] = [b.metrics ?? [], b.params ?? [], b.tags ?? []];
        const limits = [[m.length, 1000, 10, 'metrics'], [p.length, 100, 11, 'params'], [t.length, 100, 12, 'tags'], [m.length + p.length + t.length, 1000, 13, 'metrics, params, and tags']] as const;
        for (const [n, lim, seq, what] of limits) if (n > lim) throw recorded('06-errors', seq, { [`Got ${lim + 1} ${what}`]: `Got ${n} ${what}` });
        for (const x of p) {
          const old = r.params.get(x.key);
          if (old !== undefined && old !== x.value) {
            throw recorded('02-runs', 6, { "key='alpha'": `key='${x.key}'`, "value='0.5'": `value='${old}'`, "value '0.9'": `value '${x.value}'`, '777cb5cfb9124a92bcb4109671de9d43': b.run_id });
          }
          r.params.set(x.key, x.value);
        }
        for (const x of t) r.tags.set(x.key, x.value);
        for (const x of m) r.metrics.push({ key: x.key, value: dec(x.value), timestamp: Number(x.timestamp), step: Number(x.step ?? 0) });
        return {};
      }
      case 'POST runs/set-tag':
        this.run(b.run_id ?? b.run_uuid).tags.set(b.key, b.value);
        return {};
      case 'GET metrics/get-history': {
        const r = this.run(b.run_id ?? b.run_uuid);
        if (b.max_results === undefined) return { next_page_token: token(0) }; // 02 #16: no metrics at all
        const p = page(r.metrics.filter((x) => x.key === b.metric_key).map((x) => ({ ...x, value: enc(x.value) })), b);
        return { metrics: p.items.length ? p.items : undefined, ...(p.next ? { next_page_token: p.next } : {}) };
      }
      case 'POST runs/search': {
        const ids: string[] = (b.experiment_ids ?? []).map(String);
        const conds = [...String(b.filter ?? '').matchAll(/tags\.`([^`]+)`\s*(=|!=)\s*'([^']*)'/g)];
        const runs = [...this.runs.values()].filter(
          (r) =>
            ids.includes(r.info.experiment_id) &&
            r.info.lifecycle_stage === 'active' &&
            conds.every(([, k, op, v]) => (op === '=' ? r.tags.get(k!) === v : r.tags.has(k!) && r.tags.get(k!) !== v)),
        );
        const p = page(runs, b);
        return { runs: p.items.map((r) => this.runJson(r)), ...(p.next ? { next_page_token: p.next } : {}) };
      }
      case 'POST registered-models/create': {
        if (this.models.has(b.name)) throw recorded('05-model-registry', 7, { 'rec-spread': b.name });
        const now = Date.now();
        this.models.set(b.name, {
          model: { name: b.name, creation_timestamp: now, last_updated_timestamp: now, ...(b.description ? { description: b.description } : {}) },
          tags: new Map((b.tags ?? []).map((t: Json) => [t.key, t.value])),
          aliases: new Map(),
          versions: [],
        });
        return { registered_model: { ...this.models.get(b.name)!.model, tags: b.tags } };
      }
      case 'GET registered-models/get': {
        const m = this.model(b.name);
        const aliases = [...m.aliases].map(([alias, version]) => ({ alias, version }));
        return { registered_model: { ...m.model, latest_versions: m.versions.length ? [m.versions.at(-1)] : undefined, tags: kv(m.tags), aliases: aliases.length ? aliases : undefined } }; // 05 #35
      }
      case 'POST model-versions/create': {
        const m = this.model(b.name);
        const now = Date.now();
        const v = {
          name: b.name, version: String(m.versions.length + 1), creation_timestamp: now, last_updated_timestamp: now, current_stage: 'None',
          description: b.description ?? '', source: b.source, run_id: b.run_id, status: 'READY', run_link: '', ...(b.tags?.length ? { tags: b.tags } : {}),
        }; // 05 #8
        m.versions.push(v);
        return { model_version: v };
      }
      case 'GET model-versions/search': {
        const name = /^name = '([^']*)'$/.exec(qs.get('filter') ?? '')?.[1] ?? ''; // 05 #53
        const versions = this.models.get(name)?.versions ?? [];
        return versions.length ? { model_versions: [...versions].reverse() } : {};
      }
      case 'POST registered-models/alias': {
        const m = this.model(b.name);
        // Not recorded: an alias to a missing version. MLflow answers 404 RESOURCE_DOES_NOT_EXIST.
        if (!m.versions.some((v) => v.version === String(b.version))) throw new ApiError(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Model Version (name=${b.name}, version=${b.version}) not found` });
        m.aliases.set(b.alias, String(b.version));
        return {};
      }
      case 'DELETE registered-models/alias':
        this.model(b.name).aliases.delete(b.alias); // 05 #37: arguments in a JSON body
        return {};
      default:
        return undefined;
    }
  }
}
