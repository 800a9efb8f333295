// `edgelab mlflow sync`: copy the local MLflow file store to a tracking server.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { suggest, UsageError, UserError } from '../util/errors.ts';
import { maskUrl } from '../util/redact.ts';
import { findExperimentByName, listExperiments } from '../tracking/filestore-reader.ts';
import { parseTrackingUri } from '../tracking/create.ts';
import { RestTracker } from '../tracking/rest-tracker.ts';
import { syncStore } from '../tracking/sync.ts';
import { globals, layoutFor } from './context.ts';
import { printJson } from './output.ts';

export function registerMlflow(program: Command): void {
  const mlflow = program.command('mlflow').description('work with MLflow: copy local runs to a tracking server');
  mlflow
    .command('sync')
    .description('copy local file-store runs (params, metric histories, tags, artifacts, registered models, aliases) to an MLflow server; runs already copied are skipped')
    .requiredOption('--to <uri>', 'tracking server URL (http://… or https://…); auth from user:password in the URL, MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN; TLS from MLFLOW_TRACKING_INSECURE_TLS / _SERVER_CERT_PATH / _CLIENT_CERT_PATH (docs/security.md)')
    .option('--from <dir>', 'file store to copy (default: MLFLOW_TRACKING_URI when it is a file store, else <artifacts>/mlruns)')
    .option('--experiment <name>', 'only this experiment')
    .option('--json', 'print the sync report as JSON')
    .action(async (opts: { to: string; from?: string; experiment?: string; json?: boolean }, cmd: Command) => {
      const to = parseTrackingUri(opts.to);
      if (to.kind !== 'rest') throw new UsageError(`--to must be an http(s):// tracking server URL, got '${maskUrl(opts.to)}'`);
      let source = opts.from;
      if (!source && process.env.MLFLOW_TRACKING_URI) {
        const env = parseTrackingUri(process.env.MLFLOW_TRACKING_URI);
        if (env.kind === 'file') source = env.dir;
      }
      source ??= layoutFor(cmd).mlruns;
      if (!existsSync(source)) throw new UserError(`no MLflow file store at ${source}`);
      if (opts.experiment && !findExperimentByName(source, opts.experiment)) {
        const hint = suggest(opts.experiment, listExperiments(source).map((e) => e.name));
        throw new UserError(`no experiment named '${opts.experiment}' in ${source}${hint ? ` (did you mean '${hint}'?)` : ''}`);
      }
      const quiet = globals(cmd).quiet || opts.json;
      const target = new RestTracker({ baseUrl: to.url });
      const report = await syncStore(source, target, {
        experiment: opts.experiment,
        onProgress: quiet ? undefined : (m) => process.stderr.write(`${m}\n`),
      });
      if (opts.json) return printJson({ source, ...report });
      process.stdout.write(
        `${source} → ${report.target}: ${report.runsCopied} runs copied, ${report.runsSkipped} already there` +
          `${report.runsReplaced ? `, ${report.runsReplaced} half-copied runs replaced` : ''}; ` +
          `${report.metricPoints} metric points, ${report.artifactsUploaded} artifacts, ` +
          `${report.modelVersionsCreated} model versions, ${report.aliasesSet} aliases\n`,
      );
      for (const note of report.notes) process.stdout.write(`  note: ${note}\n`);
    });
}
