// Start the dashboard on a port and (optionally) open it in the desktop's browser.
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Layout } from '../artifacts/layout.ts';
import { createApp, LOOPBACK_HOSTS } from './app.ts';

export interface ServeOptions {
  port: number;
  host: string;
}

export interface RunningDashboard {
  url: string;
  close(): Promise<void>;
}

function isLoopback(host: string): boolean {
  return (LOOPBACK_HOSTS as readonly string[]).includes(host) || host === '::1' || /^127\./.test(host);
}

export function startDashboard(layout: Layout, o: ServeOptions): Promise<RunningDashboard> {
  // On a loopback address only loopback Host names are accepted; bound wider on purpose, any.
  const app = createApp(layout, { allowedHosts: isLoopback(o.host) ? [...LOOPBACK_HOSTS, o.host] : null });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, (info: AddressInfo) => {
      const h = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({ url: `http://${h}:${info.port}/`, close: () => new Promise<void>((res) => server.close(() => res())) });
    });
    server.once('error', reject);
  });
}

/** Try xdg-open; report whether it could be started. Never throws. */
export function openInBrowser(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const p = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
      p.once('error', () => resolve(false));
      p.once('spawn', () => {
        p.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
