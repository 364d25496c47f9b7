import { sanitizeUserText } from '../core/model/sanitize-text.js';

export type Command =
  | { name: 'review' }
  | { name: 'describe' }
  | { name: 'ask'; question: string }
  | { name: 'fix'; instruction: string }
  | { name: 'help' }
  /** In reply to a Pullwise comment: findings like it are withheld from now on. */
  | { name: 'ignore'; reason: string }
  | { name: 'learn'; rule: string }
  | { name: 'learnings' }
  /** `number` undefined: the argument was not a learning's number. */
  | { name: 'forget'; number: number | undefined }
  | { name: 'unknown'; word: string };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The command in a comment, or undefined when the comment does not address Pullwise. The phrase must start a
 * line (after optional whitespace) so that quoting or mentioning it mid-sentence does not run anything, and
 * the text is read after removing HTML comments and invisible characters.
 */
export function parseCommand(body: string, phrase: string): Command | undefined {
  const text = sanitizeUserText(body);
  const match = new RegExp(`^[ \\t]*${escape(phrase)}(?![\\w-])[ \\t]*([\\s\\S]*)$`, 'im').exec(text);
  if (!match) return undefined;
  const rest = match[1]!.trim();
  const [word = '', ...others] = rest.split(/\s+/);
  const argument = rest.slice(word.length).trim();
  switch (word.toLowerCase()) {
    case 'review':
      return { name: 'review' };
    case 'describe':
      return { name: 'describe' };
    case 'fix':
      return { name: 'fix', instruction: argument };
    case 'ask':
      return argument ? { name: 'ask', question: argument } : { name: 'help' };
    case 'ignore':
      return { name: 'ignore', reason: argument };
    case 'learn':
      return { name: 'learn', rule: argument };
    case 'learnings':
      return { name: 'learnings' };
    case 'forget': {
      const number = /^#?(\d{1,9})$/.exec(argument)?.[1];
      return { name: 'forget', number: number === undefined ? undefined : Number(number) };
    }
    case '':
    case 'help':
      return { name: 'help' };
    default:
      // "@pullwise why does this loop never end?" reads as a question.
      return others.length > 0 || rest.endsWith('?')
        ? { name: 'ask', question: rest }
        : { name: 'unknown', word };
  }
}
