// `edgelab dashboard [--port 8765] [--host 127.0.0.1] [--open]`: serve the local dashboard.
import type { Command } from 'commander';
import { layoutOrDefault } from './context.ts';
import { intOption } from './figures.ts';
import { paint } from './output.ts';
import { openInBrowser, startDashboard } from '../dashboard/serve.ts';
import { UserError } from '../util/errors.ts';
import type { Layout } from '../artifacts/layout.ts';

export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description('serve a read-only web page of the champion, season figures, charts, bets, experiments, promotion tests and data quality')
    .option('--port <n>', 'port to listen on (0: any free port)', '8765')
    .option('--host <address>', 'address to bind (anything but loopback exposes the tree to the network)', '127.0.0.1')
    .option('--open', 'open the page in the desktop browser (xdg-open)')
    .action(async (opts: { port: string; host: string; open?: boolean }, cmd: Command) => {
      const port = intOption('--port', opts.port, 0, 65535)!;
      // Outside a project the page says how to start one (read-only), so no "not a project" error.
      await serveUntilStopped(layoutOrDefault(cmd), { port, host: opts.host, open: opts.open });
    });
}

/** Serve the dashboard of `layout` until Ctrl-C / SIGTERM (also what `edgelab demo --serve` runs). */
export async function serveUntilStopped(layout: Layout, opts: { port: number; host: string; open?: boolean }): Promise<void> {
  const { port, host } = opts;
  let d;
  try {
    d = await startDashboard(layout, { port, host });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new UserError(`port ${port} on ${host} is in use (choose another with --port)`);
    if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') throw new UserError(`cannot bind to --host ${host}: ${err.message}`);
    throw e;
  }
  process.stdout.write(`edgelab dashboard: ${d.url}  (artifacts ${layout.root}; read-only; Ctrl-C to stop)\n`);
  if (opts.open && !(await openInBrowser(d.url))) process.stderr.write(`${paint('note:', 'yellow', process.stderr)} could not run xdg-open; open ${d.url} yourself\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void d.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
