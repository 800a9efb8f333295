// The edgelab command line: global options, command registration, and the one place that turns
// errors into messages and exit codes (0 ok, 1 failure, 2 usage).
import { Command, CommanderError } from 'commander';
import { UserError } from '../util/errors.ts';
import { paint } from './output.ts';
import { commandOf, commands } from './commands.ts';
import { packageVersion } from '../util/version.ts';
import { withWarehouseSession } from '../data/warehouse-session.ts';
import { redact } from '../util/redact.ts';
import { slowerTierUp } from '../util/tier-up.ts';


export interface GlobalOptions {
  project?: string;
  artifacts?: string;
  quiet?: boolean;
}

/**
 * The program for `argv`: only the command it runs is loaded (with its dependencies); top-level
 * help lists every command from its one-line summary. Without argv every command is loaded.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('edgelab')
    .description('A football betting-model lab: data, features, models, walk-forward evaluation, gated promotion, weekly bets.')
    .version(packageVersion(), '-V, --version')
    .option('--project <dir>', 'project directory (default: nearest with conf/config.yaml, else cwd; env EDGELAB_PROJECT)')
    .option('--artifacts <dir>', 'artifacts root (default: <project>/artifacts; env EDGELAB_ARTIFACTS)')
    .option('-q, --quiet', 'no progress output')
    .option('--no-color', 'no colour (also NO_COLOR=1)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  program.hook('preAction', (_this, action) => {
    const g = action.optsWithGlobals() as { color?: boolean };
    if (g.color === false) process.env.NO_COLOR = '1';
  });
  const wanted = argv === undefined ? commands : [commandOf(argv)].filter((c) => c !== undefined);
  for (const load of new Set(wanted.map((c) => c.load))) (await load())(program);
  for (const c of commands) {
    // Top-level help and "unknown command" suggestions need only the names and summaries.
    const loaded = program.commands.find((x) => x.name() === c.name);
    if (loaded) loaded.summary(c.summary);
    else if (wanted.length === 0) program.command(c.name).summary(c.summary);
  }
  // Subcommands inherit exitOverride so usage errors come back to us as exceptions.
  const inherit = (c: Command) => {
    for (const sub of c.commands) {
      sub.exitOverride();
      sub.configureOutput({ outputError: (str, write) => write(str) });
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/** Run the CLI; returns the exit code instead of exiting (tests call this directly). */
export async function main(argv: string[]): Promise<number> {
  slowerTierUp();
  try {
    const program = await buildProgram(argv);
    // One warehouse connection per command; the dashboard serves for hours and must not hold
    // the warehouse's lock, and the demo opens its own session (closed before --serve).
    const name = commandOf(argv)?.name;
    const parse = () => program.parseAsync(argv, { from: 'user' });
    if (name === 'dashboard' || name === 'demo') await parse();
    else await withWarehouseSession(parse);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      // Help shown because a subcommand is missing (`edgelab config`) is a usage error.
      if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : 2;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UserError) {
      process.stderr.write(`${paint('error:', 'red', process.stderr)} ${redact(e.message)}\n`);
      return e.exitCode;
    }
    const err = e as NodeJS.ErrnoException;
    // A failed system call (permission denied, disk full, not a directory) is the environment's
    // doing, not a bug: its message names the path, a stack would only hide it.
    // DuckDB reports a damaged database file as an "IO Error" naming the file: the same kind of failure.
    if (err && ((typeof err.syscall === 'string' && typeof err.code === 'string') || /^IO Error: /.test(err.message ?? ''))) {
      process.stderr.write(`${paint('error:', 'red', process.stderr)} ${redact(err.message)}\n`);
      return 1;
    }
    // Every message passes through redact: a credential must not reach the terminal even from a
    // library's error text.
    process.stderr.write(`${paint('internal error:', 'red', process.stderr)} ${redact(err?.stack ?? String(e))}\n`);
    return 1;
  }
}
