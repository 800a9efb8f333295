// The dashboard's HTTP routes (hono). Read-only by construction: GET and HEAD only (anything else
// is 405), the artifacts tree is read on each request, and files are served only from inside it.
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { Layout } from '../artifacts/layout.ts';
import { assets, INDEX_HTML } from './assets.ts';
import { renderIndex } from './page.ts';
import { contentType, resolveInTree } from './safe-path.ts';
import { buildView } from './view.ts';

export interface AppOptions {
  /** Accepted Host header names (port ignored); null accepts any. Guards a loopback server
   *  against DNS rebinding. */
  allowedHosts?: readonly string[] | null;
}

export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

// vega compiles its expressions with Function (hence 'unsafe-eval') and vega-embed injects its
// stylesheet; nothing may load from anywhere but this server.
const PAGE_CSP = "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// Tree files are data, never active content (an SVG in the tree must not run script).
const FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

function hostName(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
}

export function createApp(layout: Layout, opts: AppOptions = {}): Hono {
  const app = new Hono();
  const files = assets();
  const allowed = opts.allowedHosts === null ? null : new Set((opts.allowedHosts ?? LOOPBACK_HOSTS).map((h) => h.toLowerCase()));

  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      return c.text('405 method not allowed: the dashboard is read-only\n', 405, { Allow: 'GET, HEAD' });
    }
    // No Host header at all is not a browser (rebinding needs one); anything else must match.
    const host = hostName((c.req.header('host') ?? '').toLowerCase());
    if (allowed && host !== '' && !allowed.has(host)) return c.text(`403 unexpected Host header ${JSON.stringify(host)}\n`, 403);
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
  });

  app.get('/', (c) => {
    const v = buildView(layout);
    c.header('Content-Security-Policy', PAGE_CSP);
    return c.html(renderIndex(INDEX_HTML, v.next_steps, v.empty, layout.root));
  });

  app.get('/api/dashboard', (c) => {
    const s = c.req.query('season');
    if (s !== undefined && s !== '' && !/^\d{4}$/.test(s)) return c.json({ error: `season: expected a year (got ${JSON.stringify(s)})` }, 400);
    return c.json(buildView(layout, s ? Number(s) : undefined));
  });

  app.get('/assets/:name', (c) => {
    const a = files[c.req.param('name')];
    if (!a) return c.text('404 not found\n', 404);
    return c.body(readFileSync(a.file), 200, { 'Content-Type': a.type });
  });

  app.get('/files/*', (c) => {
    // The raw (still percent-encoded) path: decoding is the resolver's job, after its checks.
    const raw = new URL(c.req.url).pathname.slice('/files/'.length);
    const r = resolveInTree(layout.root, raw);
    if (!r.ok) return c.text(`${r.status} ${r.reason}\n`, r.status);
    return c.body(readFileSync(r.file), 200, { 'Content-Type': contentType(r.file), 'Content-Security-Policy': FILE_CSP });
  });

  app.notFound((c) => c.text('404 not found\n', 404));
  app.onError((e, c) => c.text(`500 ${e.message}\n`, 500));
  return app;
}
