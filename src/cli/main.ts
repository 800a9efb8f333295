// The edgelab command line: global options, command registration, and the one place that turns
// errors into messages and exit codes (0 ok, 1 failure, 2 usage).
import { Command, CommanderError } from 'commander';
import { UserError } from '../util/errors.ts';
import { paint } from './output.ts';
import { commands } from './commands.ts';
import { packageVersion } from '../util/version.ts';


export interface GlobalOptions {
  project?: string;
  artifacts?: string;
  quiet?: boolean;
}

export function buildProgram(): Command {
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
  for (const register of commands) register(program);
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
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      // Help shown because a subcommand is missing (`edgelab config`) is a usage error.
      if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : 2;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UserError) {
      process.stderr.write(`${paint('error:', 'red', process.stderr)} ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as NodeJS.ErrnoException;
    // A failed system call (permission denied, disk full, not a directory) is the environment's
    // doing, not a bug: its message names the path, a stack would only hide it.
    // DuckDB reports a damaged database file as an "IO Error" naming the file: the same kind of failure.
    if (err && ((typeof err.syscall === 'string' && typeof err.code === 'string') || /^IO Error: /.test(err.message ?? ''))) {
      process.stderr.write(`${paint('error:', 'red', process.stderr)} ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`${paint('internal error:', 'red', process.stderr)} ${err?.stack ?? String(e)}\n`);
    return 1;
  }
}
