// Progress for long work: a bar on a TTY, plain lines otherwise, nothing with --quiet.
// Library code takes a Progress (never prints); the CLI decides which one to give.
import cliProgress from 'cli-progress';

export interface Progress {
  start(total: number, label: string): void;
  tick(n?: number, detail?: string): void;
  log(message: string): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, log() {}, stop() {} };

export function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  return s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(1)}s`;
}

/** Plain lines on stderr: at most one every `everyMs`, plus the last. */
export function lineProgress(stream: NodeJS.WritableStream = process.stderr, everyMs = 2000): Progress {
  let total = 0;
  let done = 0;
  let label = '';
  let t0 = 0;
  let last = 0;
  return {
    start(t, l) {
      total = t;
      label = l;
      done = 0;
      t0 = Date.now();
      last = 0;
    },
    tick(n = 1, detail) {
      done += n;
      const now = Date.now();
      if (now - last >= everyMs || done >= total) {
        last = now;
        const el = (now - t0) / 1000;
        const eta = done > 0 ? (el / done) * (total - done) : NaN;
        stream.write(`${label}: ${done}/${total} elapsed ${fmtSeconds(el)} eta ${fmtSeconds(eta)}${detail ? ` ${detail}` : ''}\n`);
      }
    },
    log(m) {
      stream.write(m + '\n');
    },
    stop() {},
  };
}

/**
 * The bar's line. cli-progress rounds its own elapsed time to whole seconds, so a step shorter
 * than half a second read "0s" at every tick (issue 20); elapsed comes from fmtSeconds here,
 * in tenths of a second like the plain lines.
 */
export function barFormat(label: string): cliProgress.GenericFormatter {
  const template = `${label} [{bar}] {value}/{total} | {elapsed} elapsed | eta {eta_formatted} {detail}`;
  return (options, params, payload) => {
    const end = (params as { stopTime?: number | null }).stopTime ?? Date.now();
    const elapsed = fmtSeconds((end - params.startTime) / 1000);
    return cliProgress.Format.Formatter({ ...options, format: template.replace('{elapsed}', elapsed) }, params, payload);
  };
}

export function barProgress(): Progress {
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(total, label) {
      bar = new cliProgress.SingleBar({ format: barFormat(label), stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
      bar.start(total, 0, { detail: '' });
    },
    tick(n = 1, detail) {
      bar?.increment(n, { detail: detail ?? '' });
    },
    log(m) {
      process.stderr.write('\r\x1b[K' + m + '\n');
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** The progress reporter for a command: silent with --quiet, a bar on a TTY, else lines. */
export function progressFor(opts: { quiet?: boolean }): Progress {
  if (opts.quiet) return silentProgress;
  return process.stderr.isTTY ? barProgress() : lineProgress();
}
