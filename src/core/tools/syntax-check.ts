import { parse, type ParserPlugin } from '@babel/parser';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { stripJsonComments } from './strip-json-comments.js';

/**
 * The first syntax error in a file the project could parse, as "message (line:column)" (line from 1, column
 * from 0, as Babel counts; JSON errors V8 gives no offset for quote the text instead), or undefined when it
 * parses or its kind is not checked. Run after each edit so the model learns of a broken file in the
 * same tool result rather than from a failing test run several turns later.
 */
export function findSyntaxError(filePath: string, content: string): string | undefined {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const name = path.basename(filePath).toLowerCase();
  const extension = path.extname(name);
  const script = SCRIPT_KINDS[extension];
  if (script) return scriptError(text, script);
  if (extension === '.json' || extension === '.jsonc') {
    return jsonError(isJsonWithComments(filePath, name) ? stripJsonComments(text) : text);
  }
  if (extension === '.yml' || extension === '.yaml') return yamlError(text);
  return undefined;
}

interface ScriptKind {
  plugins: ParserPlugin[];
  sourceType: 'module' | 'script' | 'unambiguous';
  /** CommonJS modules may `return` at the top level. */
  commonJs: boolean;
}

// JSX is off for .ts/.mts/.cts: there `<T>value` is a type assertion, not an element. Legacy decorators cover
// both TypeScript's experimentalDecorators and most code written for the standard ones.
const TS: ParserPlugin[] = ['typescript', 'decorators-legacy'];
const SCRIPT_KINDS: Record<string, ScriptKind> = {
  '.ts': { plugins: TS, sourceType: 'module', commonJs: false },
  '.mts': { plugins: TS, sourceType: 'module', commonJs: false },
  '.cts': { plugins: TS, sourceType: 'module', commonJs: false },
  '.tsx': { plugins: [...TS, 'jsx'], sourceType: 'module', commonJs: false },
  '.js': { plugins: ['jsx'], sourceType: 'unambiguous', commonJs: true },
  '.jsx': { plugins: ['jsx'], sourceType: 'unambiguous', commonJs: false },
  '.mjs': { plugins: [], sourceType: 'module', commonJs: false },
  '.cjs': { plugins: [], sourceType: 'script', commonJs: true },
};

function scriptError(text: string, kind: ScriptKind): string | undefined {
  try {
    parse(text, {
      sourceType: kind.sourceType,
      plugins: kind.plugins,
      errorRecovery: false,
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: kind.commonJs,
    });
    return undefined;
  } catch (error) {
    // Babel's message already ends with "(line:column)".
    return error instanceof Error ? error.message : String(error);
  }
}

// These files are read by tools that accept comments and trailing commas (TypeScript, VS Code, …).
function isJsonWithComments(filePath: string, name: string): boolean {
  return (
    name.endsWith('.jsonc') ||
    /^(tsconfig|jsconfig)(\..*)?\.json$/.test(name) ||
    filePath.split(/[\\/]/).includes('.vscode')
  );
}

function jsonError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    // V8 gives an offset for most errors; for an unexpected token it quotes the text around it instead.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\r?\n/g, '\\n');
    const position = /at position (\d+)/.exec(message);
    if (!position) return message;
    const { line, column } = lineAndColumn(text, Number(position[1]));
    return `${message.replace(/\s*at position \d+.*$/s, '')} (${line}:${column})`;
  }
}

function yamlError(text: string): string | undefined {
  for (const document of parseAllDocuments(text, { prettyErrors: true })) {
    const error = document.errors[0];
    if (!error) continue;
    const first = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const position = error.linePos?.[0];
    return position ? `${first} (${position.line}:${position.col - 1})` : first;
  }
  return undefined;
}

// Counted as Babel counts, so every kind of file reads the same.
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart };
}
