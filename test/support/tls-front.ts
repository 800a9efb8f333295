// Test support: an HTTPS server on 127.0.0.1 with the self-signed certificate of
// test/fixtures/tls, standing in front of an HTTP server (the mock MLflow server). It checks the
// Authorization header the way MLflow's basic-auth app does (401 with a JSON error when it is
// missing or wrong), can demand a client certificate, and counts TLS handshakes and requests so a
// test can tell a retried failure from one that was not retried.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO } from '../helpers/tmp.ts';

export const TLS_DIR = join(REPO, 'test', 'fixtures', 'tls');
export const SERVER_CERT = join(TLS_DIR, 'server-cert.pem');
export const CLIENT_PEM = join(TLS_DIR, 'client.pem');

export interface TlsFrontOptions {
  /** Where requests go once accepted (http://127.0.0.1:PORT). */
  upstream: string;
  /** The one Authorization header accepted; none required when undefined. */
  authorization?: string;
  /** Demand a client certificate signed by (here: equal to) the one in client.pem. */
  requireClientCert?: boolean;
}

export class TlsFront {
  private server: Server | undefined;
  url = '';
  /** TCP connections accepted (a client that gives up on the certificate still makes one). */
  connections = 0;
  handshakes = 0;
  requests = 0;
  refused = 0;
  readonly authHeaders: (string | undefined)[] = [];

  constructor(private readonly opts: TlsFrontOptions) {}

  async start(): Promise<string> {
    const clientPem = readFileSync(CLIENT_PEM, 'utf8');
    const clientCert = clientPem.slice(0, clientPem.indexOf('-----END CERTIFICATE-----') + '-----END CERTIFICATE-----'.length);
    this.server = createServer(
      {
        cert: readFileSync(SERVER_CERT),
        key: readFileSync(join(TLS_DIR, 'server-key.pem')),
        ...(this.opts.requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: clientCert } : {}),
      },
      (req, res) => {
        this.requests++;
        this.authHeaders.push(req.headers.authorization);
        if (this.opts.authorization !== undefined && req.headers.authorization !== this.opts.authorization) {
          this.refused++;
          res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="mlflow"' });
          res.end(JSON.stringify({ error_code: 'UNAUTHENTICATED', message: 'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.' }));
          return;
        }
        const up = new URL(this.opts.upstream);
        const fwd = httpRequest({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        fwd.on('error', () => {
          res.writeHead(502);
          res.end();
        });
        req.pipe(fwd);
      },
    );
    this.server.on('secureConnection', () => this.handshakes++);
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}
