import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import { PullwiseError } from '../core/errors.js';
import { SEVERITIES } from '../core/findings/finding.js';
import { describeCommand } from './describe-command.js';
import { reviewCommand, type CliIo, type OutputFormat } from './review-command.js';

export interface CliContext extends CliIo {
  cwd: string;
  /**
   * `pullwise serve`: the GitHub App, given by the executable (bin/pullwise.js) so that the CLI never imports
   * the App, and a review never loads Probot.
   */
  serve?: (env: Record<string, string | undefined>, role: 'all' | 'web' | 'worker') => Promise<number>;
}

const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** The command line. Returns the exit code: 0 done, 1 error (one line on stderr), 2 findings at --fail-on. */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  let exitCode = 0;
  const program = new Command('pullwise')
    .description('Claude-powered code review for git changes and GitHub pull requests')
    .version(version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });

  program
    .command('review')
    .description('review the changes of a local git range (base...head)')
    .option('--repo <dir>', 'the git repository', context.cwd)
    .option('--base <ref>', 'base ref (default: the merge base with the default branch)')
    .option('--head <ref>', 'head ref', 'HEAD')
    .option(
      '--learnings <file>',
      "a repository's learnings as `@pullwise learnings` exports them (JSON): rules told to the model, dismissed findings withheld",
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit with 2 when a finding is at least this severe').choices([
        'none',
        ...SEVERITIES,
      ]),
    )
    .action(
      async (options: {
        repo: string;
        base?: string;
        head: string;
        format: OutputFormat;
        learnings?: string;
        failOn?: (typeof SEVERITIES)[number] | 'none';
      }) => {
        exitCode = await reviewCommand(options, context);
      },
    );

  program
    .command('describe')
    .description('a walkthrough of a local git range (base...head): summary, file by file, risks')
    .option('--repo <dir>', 'the git repository', context.cwd)
    .option('--base <ref>', 'base ref (default: the merge base with the default branch)')
    .option('--head <ref>', 'head ref', 'HEAD')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'),
    )
    .action(async (options: { repo: string; base?: string; head: string; format: OutputFormat }) => {
      exitCode = await describeCommand(options, context);
    });

  program
    .command('serve')
    .description(
      'run the GitHub App: webhooks on PORT (3000), jobs stored under PULLWISE_DATA_DIR (or Redis)',
    )
    .addOption(
      new Option(
        '--role <role>',
        'web: take webhooks and store jobs; worker: run jobs; all: both (scale out with REDIS_URL)',
      )
        .choices(['all', 'web', 'worker'])
        .env('PULLWISE_ROLE')
        .default('all'),
    )
    .action(async (options: { role: 'all' | 'web' | 'worker' }) => {
      if (!context.serve) throw new PullwiseError('this build of pullwise has no GitHub App (serve)');
      exitCode = await context.serve({ ...context.env }, options.role);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version print and exit 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 1;
    }
    const message =
      error instanceof PullwiseError
        ? error.message
        : `unexpected error: ${error instanceof Error ? error.message : String(error)} (please report this)`;
    context.stderr.write(`pullwise: ${message}\n`);
    return 1;
  }
}
