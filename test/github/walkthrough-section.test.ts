import { describe, expect, test } from '@jest/globals';
import { authorText, spliceWalkthrough } from '../../src/github/walkthrough-section.js';

const written = (result: ReturnType<typeof spliceWalkthrough>) => {
  if (result.kind !== 'write') throw new Error(`expected a write, got ${result.kind}`);
  return result.body;
};

describe('the walkthrough section of a pull request description', () => {
  test('added after the author’s text, which stays as it was', () => {
    const body = written(spliceWalkthrough('Fixes #12.\n\nAdds retries.', '### Walkthrough\nOne.'));
    expect(body.startsWith('Fixes #12.\n\nAdds retries.\n\n<!-- pullwise:walkthrough:start')).toBe(true);
    expect(body).toContain('### Walkthrough\nOne.\n<!-- pullwise:walkthrough:end -->');
    expect(authorText(body)).toBe('Fixes #12.\n\nAdds retries.');
  });

  test('two pushes: one section, updated in place; the same walkthrough again writes nothing', () => {
    const first = written(spliceWalkthrough('Intro.', 'Walkthrough one.'));
    const withMore = `${first}\n\nA line the author added later.`;
    const second = written(spliceWalkthrough(withMore, 'Walkthrough two.'));
    expect(second.match(/pullwise:walkthrough:start/g)).toHaveLength(1);
    expect(second).toContain('Walkthrough two.');
    expect(second).not.toContain('Walkthrough one.');
    expect(second.startsWith('Intro.\n\n')).toBe(true);
    expect(second.endsWith('A line the author added later.')).toBe(true);
    expect(spliceWalkthrough(second, 'Walkthrough two.')).toEqual({ kind: 'unchanged' });
  });

  test('the author editing their own text in the browser (CRLF line ends) is not an edit of the section', () => {
    const first = written(spliceWalkthrough('Intro.', 'Walkthrough\none.'));
    const saved = first.replace('Intro.', 'Intro, reworded.').replace(/\n/g, '\r\n');
    const second = written(spliceWalkthrough(saved, 'Walkthrough two.'));
    expect(second.startsWith('Intro, reworded.')).toBe(true);
    expect(second).toContain('Walkthrough two.');
  });

  test('a section a person edited is left as they made it', () => {
    const first = written(spliceWalkthrough('Intro.', 'Walkthrough one.'));
    const edited = first.replace('Walkthrough one.', 'Walkthrough one, corrected by the author.');
    expect(spliceWalkthrough(edited, 'Walkthrough two.')).toEqual({ kind: 'edited' });
  });

  test('an empty description gets the section alone; a start marker without its end is not trusted', () => {
    expect(written(spliceWalkthrough('', 'W.'))).toMatch(
      /^<!-- pullwise:walkthrough:start digest=[0-9a-f]{12} -->\nW\./,
    );
    const broken = 'Text <!-- pullwise:walkthrough:start digest=000000000000 --> cut off';
    expect(written(spliceWalkthrough(broken, 'W.')).startsWith(broken)).toBe(true);
  });
});
