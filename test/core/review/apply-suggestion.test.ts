import { describe, expect, test } from '@jest/globals';
import { applySuggestion } from '../../../src/core/review/apply-suggestion.js';

const replace = (text: string, startLine: number, line: number, suggestion: string) => {
  const result = applySuggestion(text, { startLine, line }, suggestion);
  if (!result.ok) throw new Error(result.error);
  return result.text;
};

describe('applying a suggestion to a file', () => {
  test('replaces lines startLine..line and leaves every other byte alone', () => {
    expect(replace('a\nb\nc\nd\n', 2, 3, 'B\nC\nC2')).toBe('a\nB\nC\nC2\nd\n');
  });

  test('one final newline in the suggestion ends its last line rather than adding an empty one', () => {
    expect(replace('a\nb\nc\n', 2, 2, 'B\n')).toBe('a\nB\nc\n');
  });

  test('an empty suggestion deletes the lines', () => {
    expect(replace('a\nb\nc\n', 2, 2, '')).toBe('a\nc\n');
  });

  test('a CRLF file stays CRLF, whatever endings the suggestion was written with', () => {
    expect(replace('a\r\nb\r\nc\r\n', 2, 2, 'B1\nB2\r\nB3')).toBe('a\r\nB1\r\nB2\r\nB3\r\nc\r\n');
  });

  test('a last line without a newline keeps having none', () => {
    expect(replace('a\nb', 2, 2, 'B1\nB2')).toBe('a\nB1\nB2');
    expect(replace('a\r\nb', 2, 2, 'B1\nB2')).toBe('a\r\nB1\r\nB2');
  });

  test('lines that are not in the file are an error, not a guess', () => {
    expect(applySuggestion('a\nb\n', { startLine: 2, line: 3 }, 'x')).toEqual({
      ok: false,
      error: 'lines 2-3 are not in the file (2 lines)',
    });
  });
});
