// Test support: an in-process MLflow tracking server (node:http) implementing the REST 2.0
// endpoints edgelab uses, with MLflow's documented request/response shapes and error bodies
// ({error_code, message}). It records every request and can inject failures.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const enc = (v: number): number | string => (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v);
const dec = (v: unknown): number => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v));
const kv = (m: Map<string, string>) => [...m].map(([key, value]) => ({ key, value }));

export class MockMlflowServer {
  readonly requests: RecordedRequest[] = [];
  readonly artifacts = new Map<string, Buffer>();
  readonly experiments = new Map<string, Json>();
  readonly runs = new Map<string, Run>();
  readonly models = new Map<string, { model: Json; tags: Map<string, string>; aliases: Map<string, string>; versions: Json[] }>();
  /** Queue of injected failures: the next matching requests answer with this status. */
  private faults: { path: string; status: number; times: number }[] = [];
  private server: Server | undefined;
  private nextExp = 1;
  private nextRun = 1;
  url = '';

  async start(): Promise<string> {
    this.experiments.set('0', { experiment_id: '0', name: 'Default', artifact_location: 'mlflow-artifacts:/0', lifecycle_stage: 'active', tags: [] });
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  failNext(path: string, status: number, times = 1): void {
    this.faults.push({ path, status, times });
  }

  clearFaults(): void {
    this.faults = [];
  }

  count(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  bodies(path: string): Json[] {
    return this.requests.filter((r) => r.path === path).map((r) => r.body ?? r.query);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    let body: Json | undefined;
    if (req.headers['content-type']?.includes('json') && raw.length) body = JSON.parse(raw.toString('utf8'));
    const path = decodeURIComponent(url.pathname);
    this.requests.push({ method: req.method ?? '', path, query, body, raw, headers: req.headers });
    const send = (status: number, obj: Json) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(obj));
    };
    const fault = this.faults.find((f) => f.path === path && f.times > 0);
    if (fault) {
      fault.times--;
      return send(fault.status, { error_code: fault.status === 429 ? 'REQUEST_LIMIT_EXCEEDED' : 'INTERNAL_ERROR', message: 'injected failure' });
    }
    try {
      if (path.startsWith('/api/2.0/mlflow-artifacts/artifacts/') && req.method === 'PUT') {
        this.artifacts.set(path.slice('/api/2.0/mlflow-artifacts/artifacts/'.length), raw);
        return send(200, {});
      }
      const ep = path.replace(/^\/api\/2\.0\/mlflow\//, '');
      send(200, this.route(`${req.method} ${ep}`, body ?? query, url.searchParams));
    } catch (e) {
      if (e instanceof ApiError) return send(e.status, { error_code: e.code, message: e.message });
      send(500, { error_code: 'INTERNAL_ERROR', message: String(e) });
    }
  }

  private run(id: string): Run {
    const r = this.runs.get(id);
    if (!r) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Run '${id}' not found`);
    return r;
  }

  private runJson(r: Run): Json {
    const latest = new Map<string, Run['metrics'][number]>();
    for (const m of r.metrics) {
      const b = latest.get(m.key);
      if (!b || m.step > b.step || (m.step === b.step && m.timestamp >= b.timestamp)) latest.set(m.key, m);
    }
    return {
      info: r.info,
      data: {
        metrics: [...latest.values()].map((m) => ({ ...m, value: enc(m.value) })),
        params: kv(r.params),
        tags: kv(r.tags),
      },
    };
  }

  private model(name: string) {
    const m = this.models.get(name);
    if (!m) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${name} not found`);
    return m;
  }

  private route(key: string, b: Json, qs: URLSearchParams): Json {
    switch (key) {
      case 'GET experiments/get-by-name': {
        const e = [...this.experiments.values()].find((x) => x.name === b.experiment_name);
        if (!e) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${b.experiment_name}'`);
        return { experiment: e };
      }
      case 'POST experiments/create': {
        if (!b.name) throw new ApiError(400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'name'.");
        if ([...this.experiments.values()].some((x) => x.name === b.name)) {
          throw new ApiError(400, 'RESOURCE_ALREADY_EXISTS', `Experiment(name=${b.name}) already exists.`);
        }
        const id = String(this.nextExp++);
        this.experiments.set(id, { experiment_id: id, name: b.name, artifact_location: `mlflow-artifacts:/${id}`, lifecycle_stage: 'active', tags: b.tags ?? [] });
        return { experiment_id: id };
      }
      case 'POST experiments/search':
        return { experiments: [...this.experiments.values()] };
      case 'POST runs/create': {
        if (!this.experiments.has(String(b.experiment_id))) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${b.experiment_id} exists`);
        const id = `run${String(this.nextRun++).padStart(29, '0')}`;
        const tags = new Map<string, string>((b.tags ?? []).map((t: Json) => [t.key, t.value]));
        if (b.run_name) tags.set('mlflow.runName', b.run_name);
        const info = {
          run_id: id, run_uuid: id, run_name: b.run_name, experiment_id: String(b.experiment_id), user_id: b.user_id ?? '',
          status: 'RUNNING', start_time: b.start_time, artifact_uri: `mlflow-artifacts:/${b.experiment_id}/${id}/artifacts`, lifecycle_stage: 'active',
        };
        const run: Run = { info, params: new Map(), tags, metrics: [] };
        this.runs.set(id, run);
        return { run: this.runJson(run) };
      }
      case 'POST runs/update': {
        const r = this.run(b.run_id);
        if (b.status) r.info.status = b.status;
        if (b.end_time !== undefined) r.info.end_time = b.end_time;
        return { run_info: r.info };
      }
      case 'POST runs/delete':
        this.run(b.run_id).info.lifecycle_stage = 'deleted';
        return {};
      case 'GET runs/get':
        return { run: this.runJson(this.run(b.run_id)) };
      case 'POST runs/log-batch': {
        const r = this.run(b.run_id);
        const [m, p, t] = [b.metrics ?? [], b.params ?? [], b.tags ?? []];
        for (const [n, lim, what] of [[m.length, 1000, 'metrics'], [p.length, 100, 'params'], [t.length, 100, 'tags'], [m.length + p.length + t.length, 1000, 'metrics, params, and tags']] as const) {
          if (n > lim) throw new ApiError(400, 'INVALID_PARAMETER_VALUE', `A batch logging request can contain at most ${lim} ${what}. Got ${n} ${what}.`);
        }
        for (const x of p) {
          const old = r.params.get(x.key);
          if (old !== undefined && old !== x.value) {
            throw new ApiError(400, 'INVALID_PARAMETER_VALUE', `Changing param values is not allowed. Param with key='${x.key}' was already logged with value='${old}' for run ID='${b.run_id}'. Attempted logging new value '${x.value}'.`);
          }
          r.params.set(x.key, x.value);
        }
        for (const x of t) r.tags.set(x.key, x.value);
        for (const x of m) r.metrics.push({ key: x.key, value: dec(x.value), timestamp: Number(x.timestamp), step: Number(x.step ?? 0) });
        return {};
      }
      case 'POST runs/set-tag':
        this.run(b.run_id).tags.set(b.key, b.value);
        return {};
      case 'GET metrics/get-history': {
        const r = this.run(b.run_id);
        const all = r.metrics.filter((x) => x.key === b.metric_key);
        const size = Number(b.max_results ?? 1000);
        const start = Number(b.page_token ?? 0);
        const page = all.slice(start, start + size).map((x) => ({ ...x, value: enc(x.value) }));
        return { metrics: page, ...(start + size < all.length ? { next_page_token: String(start + size) } : {}) };
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
        const size = Number(b.max_results ?? 1000);
        const start = Number(b.page_token ?? 0);
        return { runs: runs.slice(start, start + size).map((r) => this.runJson(r)), ...(start + size < runs.length ? { next_page_token: String(start + size) } : {}) };
      }
      case 'POST registered-models/create': {
        if (this.models.has(b.name)) throw new ApiError(400, 'RESOURCE_ALREADY_EXISTS', `Registered Model (name=${b.name}) already exists.`);
        const now = Date.now();
        this.models.set(b.name, {
          model: { name: b.name, creation_timestamp: now, last_updated_timestamp: now, description: b.description },
          tags: new Map((b.tags ?? []).map((t: Json) => [t.key, t.value])),
          aliases: new Map(),
          versions: [],
        });
        return { registered_model: this.models.get(b.name)!.model };
      }
      case 'GET registered-models/get': {
        const m = this.model(b.name);
        return { registered_model: { ...m.model, tags: kv(m.tags), aliases: [...m.aliases].map(([alias, version]) => ({ alias, version })) } };
      }
      case 'POST model-versions/create': {
        const m = this.model(b.name);
        const v = {
          name: b.name, version: String(m.versions.length + 1), source: b.source, run_id: b.run_id, status: 'READY', current_stage: 'None',
          description: b.description, creation_timestamp: Date.now(), tags: b.tags ?? [],
        };
        m.versions.push(v);
        return { model_version: v };
      }
      case 'GET model-versions/search': {
        const name = /name='([^']*)'/.exec(qs.get('filter') ?? '')?.[1] ?? '';
        return { model_versions: this.models.get(name)?.versions ?? [] };
      }
      case 'POST registered-models/alias': {
        const m = this.model(b.name);
        if (!m.versions.some((v) => v.version === String(b.version))) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Model Version (name=${b.name}, version=${b.version}) not found`);
        m.aliases.set(b.alias, String(b.version));
        return {};
      }
      case 'DELETE registered-models/alias':
        this.model(b.name).aliases.delete(b.alias);
        return {};
      default:
        throw new ApiError(404, 'ENDPOINT_NOT_FOUND', `No endpoint ${key}`);
    }
  }
}
