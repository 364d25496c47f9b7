import { describe, expect, test } from '@jest/globals';
import { renderWalkthrough, WALKTHROUGH_LIMIT } from '../../../src/core/describe/render-walkthrough.js';
import type { Walkthrough } from '../../../src/core/describe/walkthrough.js';
import { emptyUsage } from '../../../src/core/model/usage.js';

function walkthrough(patch: Partial<Walkthrough> = {}): Walkthrough {
  return {
    summary: 'Adds retries to the HTTP client.',
    rows: [
      { paths: ['src/client.ts'], note: 'wraps calls in `retry`' },
      { paths: ['src/gen/a.ts', 'src/gen/b.ts'], note: 'regenerated types | enums' },
    ],
    skipped: [{ path: 'package-lock.json', reason: 'lockfile' }],
    risks: ['Retries may hide an outage.'],
    labels: ['api-change'],
    usage: emptyUsage(),
    model: 'described',
    notes: [],
    ...patch,
  };
}

describe('renderWalkthrough', () => {
  test('the summary, a table with one row per file or folder, the risks, the diagram and the skipped files', () => {
    const text = renderWalkthrough(walkthrough({ diagram: 'sequenceDiagram\n  A->>B: call' }), {
      findingsLink: (risk) => (risk.startsWith('Retries') ? 'https://example.test/pr/1#r1' : undefined),
    });
    expect(text).toBe(
      [
        '### Walkthrough',
        '',
        'Adds retries to the HTTP client.',
        '',
        '| File(s) | Change |',
        '| --- | --- |',
        '| `src/client.ts` | wraps calls in `retry` |',
        '| `src/gen/` (2 files) | regenerated types \\| enums |',
        '',
        '**Risks**',
        '',
        '- Retries may hide an outage. ([findings](https://example.test/pr/1#r1))',
        '',
        '```mermaid',
        'sequenceDiagram',
        '  A->>B: call',
        '```',
        '',
        '<details><summary>1 file not described (skipped)</summary>',
        '',
        '- `package-lock.json`: lockfile',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  test('a path with backticks or pipes cannot break its cell', () => {
    const text = renderWalkthrough(
      walkthrough({ rows: [{ paths: ['odd`name|x.ts'], note: 'line one\nline two' }] }),
    );
    expect(text).toContain('| ``odd`name\\|x.ts`` | line one line two |');
  });

  test('a diagram cannot close its fence early', () => {
    const text = renderWalkthrough(walkthrough({ diagram: 'sequenceDiagram\n  A->>B: ```' }));
    expect(text).toContain('````mermaid\nsequenceDiagram\n  A->>B: ```\n````');
  });

  test('many rows from elsewhere are grouped by folder', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      paths: [`src/m${i % 3}/f${i}.ts`],
      note: `note ${i % 2}`,
    }));
    const text = renderWalkthrough(walkthrough({ rows }));
    expect(text).toContain('| `src/m0/` (100 files) | note 0; note 1 |');
    expect(text.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(3);
  });

  test('never longer than the room it has in a pull request body', () => {
    const long = 'x'.repeat(2_000);
    const text = renderWalkthrough(
      walkthrough({
        summary: long,
        rows: Array.from({ length: 60 }, (_, i) => ({ paths: [`dir${i}/file.ts`], note: long })),
        skipped: Array.from({ length: 5_000 }, (_, i) => ({
          path: `vendor/${'v'.repeat(80)}${i}.js`,
          reason: 'generated' as const,
        })),
        risks: Array.from({ length: 12 }, () => long),
        diagram: `sequenceDiagram\n${'  A->>B: call\n'.repeat(500)}`,
      }),
    );
    expect(text.length).toBeLessThanOrEqual(WALKTHROUGH_LIMIT);
    // What gives way first: the skipped list is counted by reason, the diagram goes, notes get shorter.
    expect(text).toContain('- generated: 5000 files');
    expect(text).not.toContain('```mermaid');
    expect(text).toContain('| `dir0/file.ts` |');
  });
});
