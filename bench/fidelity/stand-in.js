// The model stand-in of the fidelity bench: a loopback server speaking Anthropic's Messages API that reads
// the diff each review call shows (the format of src/core/review/render-for-model.ts) and answers with a
// submit_review call whose comments aim at valid and at invalid targets on purpose. Seeded and deterministic:
// the comments of a call depend only on the seed and the diff text, so a correction retry of the same part
// gets the same answer again (the same ids), as a model that stands by its review would give.
//
// Every review CLI run gets its own base URL (`…/run/<tag>`), so runs in parallel keep their calls apart.
// Every comment carries a unique id in its body, `[fid-<tag>-<digest>-<k>]`, and is recorded with what it
// meant: `valid` (Pullwise must post it as is) or not (Pullwise must list it as unanchored).

import { createHash } from 'node:crypto';
import http from 'node:http';

const SEVERITIES = ['critical', 'major', 'minor', 'nit'];
/** Distinct words for the comment bodies, so that no two comments read alike (dedupe compares words). */
const WORDS = (
  'amber basalt cobalt dahlia ember fjord garnet harbor indigo juniper kestrel lagoon meadow nectar obsidian ' +
  'pollen quartz russet saffron tundra umber velvet willow xenon yarrow zephyr anvil beacon cinder drift ' +
  'falcon glacier hollow ivory jasper lantern marble nimbus orchid pepper quiver ripple sierra thistle'
).split(' ');
/** Most comments in one answer: a real review is short, and the JSON output stays readable. */
const MAX_COMMENTS_PER_CALL = 40;
/** Far past the end of any file in these repositories: a line no diff can show. */
const FAR_PAST_END = 1_000_000;

/** What each target kind is: those the stand-in means as postable, and those it knows are not. */
export const TARGET_KINDS = {
  'added line': true,
  'removed line': true,
  'context line': true,
  'range (RIGHT, one hunk)': true,
  'range (LEFT, one hunk)': true,
  'line of a deleted file': true,
  'reference line (:)': false,
  "past the file's end": false,
  'LEFT line on an added file': false,
  'range across two hunks': false,
  'file without diff lines': false,
  'path not shown': false,
};

/** A small seeded PRNG (mulberry32). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = /^=== (.+) \(([^()]*)\) ===(?: — part (\d+) of (\d+))?$/;
const NUMBERED = /^ *(\d+)([+\- :]) ?(.*)$/;
const GAP = /^ *: ⋮$/;
const DELETED_NOTE = /^\(file deleted: (\d+) lines removed\)$/;

/** The `<diff>` section of a review request's first user message (the part the model is asked to review). */
export function diffTextOf(body) {
  const first = (body.messages ?? []).find((m) => m.role === 'user');
  if (!first) return '';
  const content =
    typeof first.content === 'string'
      ? first.content
      : first.content
          .filter((b) => b.type === 'text')
          .map((b) => b.text)
          .join('\n\n');
  // The diff section comes last; no line inside it can read "<diff>" (every line starts with a header, a
  // number or a note), so the last such line opens it even if the change description quotes one.
  const open = content.lastIndexOf('<diff>\n');
  if (open === -1) return '';
  const close = content.indexOf('\n</diff>', open);
  return content.slice(open + '<diff>\n'.length, close === -1 ? undefined : close);
}

/**
 * The files of a rendered diff as the model reads them: for each file (or part of a file) its header, its
 * numbered lines, and its segments — runs of diff lines ('+', '-', ' ') with no reference line, gap or jump
 * in the numbering between them, so each segment lies inside one hunk.
 */
export function parseShownDiff(text) {
  const files = [];
  let file;
  let segment;
  let nextNew;
  let nextOld;
  const endSegment = () => {
    segment = undefined;
    nextNew = undefined;
    nextOld = undefined;
  };
  for (const line of text.split('\n')) {
    const header = HEADER.exec(line);
    if (header) {
      const [status, ...notes] = header[2].split(', ');
      file = {
        path: header[1],
        status,
        from: notes.find((n) => n.startsWith('from '))?.slice(5),
        part: header[3] ? { index: Number(header[3]), count: Number(header[4]) } : undefined,
        lines: [],
        segments: [],
        deletedLines: undefined,
        note: undefined,
      };
      files.push(file);
      endSegment();
      continue;
    }
    if (!file) continue;
    const numbered = NUMBERED.exec(line);
    if (numbered && !GAP.test(line)) {
      const n = Number(numbered[1]);
      const marker = numbered[2];
      const shown = { n, marker, text: numbered[3] };
      file.lines.push(shown);
      if (marker === ':') {
        endSegment();
        continue;
      }
      const continues =
        segment &&
        (marker === '-' ? nextOld === undefined || nextOld === n : nextNew === undefined || nextNew === n);
      if (!continues) {
        endSegment();
        segment = [];
        file.segments.push(segment);
      }
      segment.push(shown);
      if (marker !== '-') nextNew = n + 1;
      if (marker === '-') nextOld = n + 1;
      else if (marker === ' ' && nextOld !== undefined) nextOld++;
      continue;
    }
    endSegment();
    const deleted = DELETED_NOTE.exec(line);
    if (deleted) file.deletedLines = Number(deleted[1]);
    else if (/^\(.*\)$/.test(line)) file.note = line;
  }
  return files;
}

/**
 * The comments of one answer: for each file shown, in a seeded order, a few valid targets and a few invalid
 * ones; and at times one on a path that was not shown. Returns the submit_review comments and what each meant.
 */
export function planComments(files, { seed, idPrefix }) {
  const random = prng(seed);
  const pick = (items) => items[Math.floor(random() * items.length)];
  const chance = (p) => random() < p;
  const planned = [];
  const add = (target) => {
    if (planned.length >= MAX_COMMENTS_PER_CALL) return;
    const id = `${idPrefix}-${planned.length + 1}`;
    const words = Array.from({ length: 6 }, () => pick(WORDS)).join(' ');
    const comment = {
      path: target.path,
      line: target.line,
      severity: pick(SEVERITIES),
      body: `[fid-${id}] ${target.kind}: ${words}.`,
    };
    if (target.startLine !== undefined) comment.start_line = target.startLine;
    // RIGHT is the schema's default: left out now and then, as a model does.
    if (target.side === 'LEFT' || chance(0.7)) comment.side = target.side;
    planned.push({ id, comment, record: { id, ...target, valid: TARGET_KINDS[target.kind] } });
  };

  const order = files.map((file) => ({ file, key: random() })).sort((a, b) => a.key - b.key);
  for (const { file } of order) {
    const used = new Set();
    const free = (side, line) => !used.has(`${side}:${line}`);
    const target = (kind, side, line, startLine) => {
      if (!free(side, line) || (startLine !== undefined && !free(side, startLine))) return false;
      used.add(`${side}:${line}`);
      if (startLine !== undefined) used.add(`${side}:${startLine}`);
      add({ kind, path: file.path, side, line, startLine });
      return true;
    };
    /** A few tries at a target whose lines are not taken yet (two comments never share a line). */
    const aim = (kind, side, place) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const [line, startLine] = place();
        if (target(kind, side, line, startLine)) return;
      }
    };
    const of = (marker) => file.lines.filter((l) => l.marker === marker);
    const added = of('+');
    const removed = of('-');
    const context = of(' ');
    const reference = of(':');
    const runs = (keep) => file.segments.map((s) => s.filter(keep)).filter((s) => s.length > 0);
    const rightRuns = runs((l) => l.marker !== '-');
    const leftRuns = runs((l) => l.marker === '-');

    for (let i = 0; i < 2 && added.length > 0; i++) aim('added line', 'RIGHT', () => [pick(added).n]);
    if (removed.length > 0) aim('removed line', 'LEFT', () => [pick(removed).n]);
    if (context.length > 0) aim('context line', 'RIGHT', () => [pick(context).n]);
    const longRight = rightRuns.filter((s) => s.length >= 2);
    if (longRight.length > 0) {
      aim('range (RIGHT, one hunk)', 'RIGHT', () =>
        twoOf(pick(longRight), random)
          .map((l) => l.n)
          .reverse(),
      );
    }
    const longLeft = leftRuns.filter((s) => s.length >= 2);
    if (longLeft.length > 0 && chance(0.5)) {
      aim('range (LEFT, one hunk)', 'LEFT', () =>
        twoOf(pick(longLeft), random)
          .map((l) => l.n)
          .reverse(),
      );
    }
    if (file.deletedLines > 0) {
      aim('line of a deleted file', 'LEFT', () => [1 + Math.floor(random() * file.deletedLines)]);
    }

    if (reference.length > 0) aim('reference line (:)', 'RIGHT', () => [pick(reference).n]);
    if (file.lines.length > 0 && chance(0.5)) {
      const last = Math.max(...file.lines.filter((l) => l.marker !== '-').map((l) => l.n), 0);
      const wholeFileShown = file.status === 'added' && (!file.part || file.part.index === file.part.count);
      target("past the file's end", 'RIGHT', wholeFileShown ? last + 1 : last + FAR_PAST_END);
    }
    if (file.status === 'added' && added.length > 0) {
      aim('LEFT line on an added file', 'LEFT', () => [pick(added).n]);
    }
    if (rightRuns.length >= 2) {
      aim('range across two hunks', 'RIGHT', () => {
        const i = Math.floor(random() * (rightRuns.length - 1));
        const j = i + 1 + Math.floor(random() * (rightRuns.length - 1 - i));
        return [pick(rightRuns[j]).n, pick(rightRuns[i]).n];
      });
    }
    if (file.lines.length === 0 && file.deletedLines === undefined) {
      target('file without diff lines', 'RIGHT', 1);
    }
  }
  if (files.length > 0 && chance(0.5)) {
    add({ kind: 'path not shown', path: `fidelity-not-shown/${idPrefix}.ts`, side: 'RIGHT', line: 1 });
  }
  return planned;
}

/** Two distinct lines of a run, in order. */
function twoOf(run, random) {
  const i = Math.floor(random() * run.length);
  let j = Math.floor(random() * (run.length - 1));
  if (j >= i) j++;
  return i < j ? [run[i], run[j]] : [run[j], run[i]];
}

const digest = (text) => createHash('sha256').update(text).digest();

/**
 * Starts the stand-in. `runFor(tag)` gives the base URL for one CLI run and, later, what that run was shown
 * and told: its calls, the files shown (each part once), and every comment made, by id.
 * @param {{ seed: number, charsPerToken?: number }} options
 */
export async function startFidelityStandIn({ seed, charsPerToken = 4 }) {
  const runs = new Map();
  const runOf = (tag) => {
    if (!runs.has(tag))
      runs.set(tag, { calls: 0, retries: 0, retryReasons: [], parts: new Map(), comments: new Map() });
    return runs.get(tag);
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = /^\/run\/([\w.-]+)(\/v1\/messages(?:\/count_tokens)?)$/.exec(url.pathname);
      if (req.method !== 'POST' || !match) return reply(res, 404, apiError('not_found_error', 'not found'));
      if (match[2].endsWith('/count_tokens')) {
        return reply(res, 404, apiError('not_found_error', 'count_tokens is not offered by this stand-in'));
      }
      const text = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        return reply(res, 400, apiError('invalid_request_error', 'body is not JSON'));
      }
      const run = runOf(match[1]);
      run.calls++;
      const isRetry = rejectionOf(body) !== '';
      if (isRetry) {
        run.retries++;
        run.retryReasons.push(rejectionOf(body).slice(0, 300));
      }

      const diff = diffTextOf(body);
      const hash = digest(`${seed}\n${diff}`);
      const idPrefix = `${match[1]}-${hash.toString('hex').slice(0, 6)}`;
      const files = parseShownDiff(diff);
      if (!run.parts.has(idPrefix)) run.parts.set(idPrefix, files);
      const planned = planComments(files, { seed: hash.readUInt32LE(0), idPrefix });
      for (const p of planned) if (!run.comments.has(p.id)) run.comments.set(p.id, p.record);

      const input = {
        summary: `Stand-in review of ${files.length} file(s).`,
        comments: planned.map((p) => p.comment),
      };
      const n = run.calls;
      return reply(res, 200, {
        id: `msg_fidelity_${match[1]}_${n}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [{ type: 'tool_use', id: `toolu_fidelity_${match[1]}_${n}`, name: 'submit_review', input }],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: {
          input_tokens: Math.ceil(text.length / charsPerToken),
          output_tokens: Math.ceil(JSON.stringify(input).length / charsPerToken),
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      });
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    baseURLFor: (tag) => `http://127.0.0.1:${port}/run/${tag}`,
    /** What run `tag` was shown and told: calls, retries, the files of each distinct part, the comments. */
    runFor: (tag) => {
      const run = runOf(tag);
      return { ...run, shownFiles: [...run.parts.values()].flat() };
    },
    forget: (tag) => runs.delete(tag),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Why a correction retry was sent, or '' for a first call: the error Pullwise gave back, in a tool_result
 * after the rejected answer, or as a note appended to the part's own message (a retry without the echo).
 */
function rejectionOf(body) {
  const texts = [];
  for (const m of body.messages.slice(1)) {
    for (const b of typeof m.content === 'string' ? [{ text: m.content }] : m.content) {
      texts.push(typeof b.content === 'string' ? b.content : (b.text ?? ''));
    }
  }
  const first = body.messages[0]?.content;
  if (Array.isArray(first)) {
    const notes = first.slice(1).map((b) => b.text ?? '');
    texts.push(...notes.filter((t) => t.startsWith('Your submit_review call for this part was rejected')));
  }
  return texts.join(' ').trim();
}

function apiError(type, message) {
  return { type: 'error', error: { type, message } };
}

function reply(res, status, payload) {
  const data = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(data),
    'request-id': 'req_fidelity',
  });
  res.end(data);
}
