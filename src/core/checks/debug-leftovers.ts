import type { Finding } from '../findings/finding.js';
import { addedLines, extensionOf } from './added-lines.js';
import type { Check } from './types.js';

interface Leftover {
  pattern: RegExp;
  body: string;
  /** The replacement for the whole line, when a safe one exists ('' deletes the line). */
  fix?: (line: string, match: RegExpExecArray) => string | undefined;
}

interface Language {
  extensions: string[];
  lineComment: string;
  /** Lines inside a block comment (JSDoc ` * it.only(…)` examples). */
  commentLine?: RegExp;
  leftovers: Leftover[];
}

/** '' when the line holds nothing but the statement (and maybe a trailing comment), so it can be deleted. */
const deleteIfAlone =
  (alone: RegExp): Leftover['fix'] =>
  (line) =>
    alone.test(line) ? '' : undefined;

const LANGUAGES: Language[] = [
  {
    extensions: ['.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs', '.vue', '.svelte'],
    lineComment: '//',
    commentLine: /^\s*(\/\*|\*)/,
    leftovers: [
      {
        pattern: /^\s*debugger;?\s*(\/\/.*)?$/,
        body: 'A `debugger` statement was left in; it pauses execution whenever developer tools are open. Remove it.',
        fix: () => '',
      },
      {
        pattern: /(?<![\w.$])(it|test|describe|context)\.only\s*\(/,
        body: '`.only` focuses this test, so every other test in the file is silently skipped in CI. Remove `.only`.',
        fix: (line, match) => replaceMatch(line, match, `${match[1]}(`),
      },
      {
        pattern: /(?<![\w.$])(fit|fdescribe)\s*\(/,
        body: '`fit`/`fdescribe` focuses this test, so every other test is silently skipped in CI. Use `it`/`describe`.',
        fix: (line, match) => replaceMatch(line, match, match[1] === 'fit' ? 'it(' : 'describe('),
      },
    ],
  },
  {
    extensions: ['.py'],
    lineComment: '#',
    leftovers: [
      {
        pattern: /(?<![\w.])breakpoint\(\s*\)/,
        body: '`breakpoint()` stops the program in the debugger, which hangs CI and servers. Remove it.',
        fix: deleteIfAlone(/^\s*breakpoint\(\s*\)\s*(#.*)?$/),
      },
      {
        pattern: /(?<![\w.])i?pdb\.set_trace\(\s*\)/,
        body: '`set_trace()` stops the program in the debugger, which hangs CI and servers. Remove it.',
        fix: deleteIfAlone(/^\s*(import i?pdb\s*;\s*)?i?pdb\.set_trace\(\s*\)\s*(#.*)?$/),
      },
      {
        pattern: /^\s*import\s+i?pdb\b/,
        body: 'Importing the debugger is a debugging leftover. Remove it together with any `set_trace()` call.',
        fix: deleteIfAlone(/^\s*import\s+i?pdb\s*(#.*)?$/),
      },
    ],
  },
  {
    extensions: ['.rb'],
    lineComment: '#',
    leftovers: [
      {
        pattern: /(?<![\w.])binding\.(pry|irb)\b/,
        body: '`binding.pry` stops the program in a debugger console, which hangs CI and servers. Remove it.',
        fix: deleteIfAlone(/^\s*binding\.(pry|irb)\s*(#.*)?$/),
      },
      {
        pattern: /(?:^|;)\s*byebug\s*(?:;|#|$)/,
        body: '`byebug` stops the program in the debugger, which hangs CI and servers. Remove it.',
        fix: deleteIfAlone(/^\s*byebug\s*(#.*)?$/),
      },
    ],
  },
];

/** Debugger statements and focused tests on added lines of code files. */
export const debugLeftoversCheck: Check<'debug-leftovers'> = {
  id: 'debug-leftovers',
  async run(files) {
    const findings: Finding[] = [];
    for (const file of files) {
      const language = LANGUAGES.find((l) => l.extensions.includes(extensionOf(file.path)));
      if (!language) continue;
      for (const { line, text } of addedLines(file)) {
        const hit = findLeftover(language, text);
        if (!hit) continue;
        const suggestion = hit.leftover.fix?.(text, hit.match);
        findings.push({
          path: file.path,
          line,
          side: 'RIGHT',
          severity: 'major',
          body: hit.leftover.body,
          ...(suggestion === undefined ? {} : { suggestion }),
          source: 'check:debug-leftovers',
        });
      }
    }
    return findings;
  },
};

/** The first leftover on the line that does not sit after a line comment marker (one finding per line). */
function findLeftover(
  language: Language,
  text: string,
): { leftover: Leftover; match: RegExpExecArray } | undefined {
  if (language.commentLine?.test(text)) return undefined;
  const comment = text.indexOf(language.lineComment);
  for (const leftover of language.leftovers) {
    const match = leftover.pattern.exec(text);
    if (!match) continue;
    const statementStart = match.index + (match[0].length - match[0].trimStart().length);
    if (comment >= 0 && comment < statementStart) continue;
    return { leftover, match };
  }
  return undefined;
}

function replaceMatch(line: string, match: RegExpExecArray, replacement: string): string {
  return line.slice(0, match.index) + replacement + line.slice(match.index + match[0].length);
}
