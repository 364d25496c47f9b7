import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import picomatch from 'picomatch';
import { startTestApp } from '../helpers/app-harness.js';

// No Docker engine here: the Dockerfile is checked statically (dockerfile-utils' linter and the rules the
// image must keep), and its HEALTHCHECK command is run for real against the real server.

const text = readFileSync('Dockerfile', 'utf8');
const dockerfile = DockerfileParser.parse(text);
const instructions = dockerfile.getInstructions();
const stages = dockerfile.getFROMs();
const finalStart = stages.at(-1)!.getRange().start.line;
const finalStage = instructions.filter((i) => i.getRange().start.line >= finalStart);
/** Each `keyword` instruction's text after the keyword, flags included, continuation lines joined. */
const args = (keyword: string, from = instructions) =>
  from
    .filter((i) => i.getKeyword() === keyword)
    .map((i) =>
      i
        .getTextContent()
        .replace(/\\\n\s*/g, ' ')
        .replace(/^\s*\w+\s+/, '')
        .trim(),
    );

/** Runs node with these arguments (asynchronously: the server under test is in this process); the exit code. */
function runNode(argv: string[], env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { env, stdio: 'ignore', timeout: 10_000 });
    child.on('exit', (code) => resolve(code));
  });
}

/** The HEALTHCHECK's command, in exec form. */
function healthcheckCommand(): string[] {
  const [healthcheck] = args('HEALTHCHECK');
  const json = /CMD\s+(\[.*\])\s*$/s.exec(healthcheck!)?.[1];
  return JSON.parse(json!) as string[];
}

describe('Dockerfile', () => {
  test('has no problems by the Dockerfile linter', () => {
    expect(validate(text, {})).toEqual([]);
  });

  test('is multi-stage; the image has production dependencies only, bubblewrap, and the built code', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(args('RUN').some((run) => /npm prune --omit=dev/.test(run))).toBe(true);
    const runtimeInstall = args('RUN', finalStage).join('\n');
    expect(runtimeInstall).toMatch(/apt-get install[^\n]*\bbubblewrap\b/);
    expect(runtimeInstall).toMatch(/\bgit\b/);
    expect(runtimeInstall).not.toMatch(/\bnpm (ci|install)\b/); // nothing fetched into the image's node_modules
    expect(args('COPY', finalStage)).toEqual(
      expect.arrayContaining([
        '--from=build /app/node_modules ./node_modules',
        '--from=build /app/lib ./lib',
      ]),
    );
  });

  test('runs as an unprivileged user, after every step that needs root', () => {
    const users = finalStage.filter((i) => i.getKeyword() === 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]!.getArgumentsContent()).not.toMatch(/^(root|0)(:|$)/);
    const userLine = users[0]!.getRange().start.line;
    const runsAfter = finalStage.filter(
      (i) => i.getKeyword() === 'RUN' && i.getRange().start.line > userLine,
    );
    expect(runsAfter).toEqual([]);
  });

  test('copies only files the repository has and .dockerignore lets through', () => {
    const ignored = picomatch(
      readFileSync('.dockerignore', 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#')),
    );
    const sources = args('COPY')
      .filter((copy) => !copy.startsWith('--from'))
      .flatMap((copy) => copy.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect([source, existsSync(source)]).toEqual([source, true]);
      expect([source, ignored(source)]).toEqual([source, false]);
    }
  });

  test('the HEALTHCHECK command passes against the running server and fails when nothing answers', async () => {
    const [command, ...rest] = healthcheckCommand();
    expect(command).toBe('node');
    const app = await startTestApp();
    try {
      const port = new URL(app.server.url).port;
      expect(await runNode(rest, { PORT: port })).toBe(0);
    } finally {
      await app.stop();
    }
    // The server has stopped: the same port now refuses.
    const port = new URL(app.server.url).port;
    expect(await runNode(rest, { PORT: port })).toBe(1);
  });

  test('starts the App with a signal-forwarding init, as documented', () => {
    expect(args('ENTRYPOINT', finalStage)).toEqual(['["tini", "--"]']);
    expect(args('CMD', finalStage)).toEqual(['["node", "bin/pullwise.js", "serve"]']);
  });
});
