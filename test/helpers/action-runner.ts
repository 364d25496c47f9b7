import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Runs the BUNDLED Action (dist/index.js, the committed file the runner executes) as GitHub's runner does:
// a node process with INPUT_* variables, the event payload in a file at GITHUB_EVENT_PATH, and files for
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. GitHub and Claude are loopback stand-ins given by the test.

export const ACTION_BUNDLE = path.resolve('dist/index.js');

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Workflow commands the step printed (`::error file=…::message`), parsed. */
  commands: Array<{ command: string; properties: Record<string, string>; message: string }>;
}

export interface ActionRunOptions {
  eventName: string;
  payload: unknown;
  inputs: Record<string, string>;
  /** GITHUB_API_URL */
  apiUrl: string;
  /** ANTHROPIC_BASE_URL */
  claudeUrl?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export async function runActionBundle(options: ActionRunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pullwise-action-'));
  try {
    const eventPath = path.join(dir, 'event.json');
    const outputPath = path.join(dir, 'output');
    const summaryPath = path.join(dir, 'summary.md');
    writeFileSync(eventPath, JSON.stringify(options.payload));
    writeFileSync(outputPath, '');
    writeFileSync(summaryPath, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_API_URL: options.apiUrl,
      GITHUB_SERVER_URL: new URL(options.apiUrl).origin,
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_ACTOR: 'Codertocat',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      RUNNER_TEMP: dir,
      ...(options.claudeUrl ? { ANTHROPIC_BASE_URL: options.claudeUrl } : {}),
      ...Object.fromEntries(Object.entries(options.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      ...options.env,
    };
    const child = spawn(process.execPath, [ACTION_BUNDLE], {
      env,
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new Error(`the Action did not finish in ${options.timeoutMs ?? 20_000} ms:\n${stdout}\n${stderr}`),
        );
      }, options.timeoutMs ?? 20_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
      summary: readFileSync(summaryPath, 'utf8'),
      commands: parseCommands(stdout),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<delimiter`, the value's lines, `delimiter`. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
    outputs[name!] = value.join('\n');
  }
  return outputs;
}

const unescape = (text: string) =>
  text
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');

function parseCommands(stdout: string): ActionRun['commands'] {
  return stdout.split('\n').flatMap((line) => {
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) return [];
    const properties = Object.fromEntries(
      (match[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const [key = '', ...rest] = pair.split('=');
          return [key, unescape(rest.join('='))];
        }),
    );
    return [{ command: match[1]!, properties, message: unescape(match[3] ?? '') }];
  });
}
