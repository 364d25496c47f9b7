import { maskSecretsIn } from '../core/checks/secrets/mask-secrets.js';
import type { Learning, NewLearning } from '../core/learnings/learning.js';
import { sanitizeUserText } from '../core/model/sanitize-text.js';
import { fitBody } from '../core/review/compose-summary.js';
import type { GitHub, RepoRef } from '../github/github-port.js';
import { parseFindingComment } from '../github/review-marker.js';
import type { ReplyTarget } from '../github/reply.js';
import type { Command } from '../intake/commands.js';
import type { LearningStore } from '../learnings/learning-store.js';
import { learningsKey } from './review-learnings.js';

/** The longest text a learning keeps: it goes into every review's prompt. */
const MAX_TEXT = 500;

export type LearningCommand = Extract<Command, { name: 'ignore' | 'learn' | 'learnings' | 'forget' }>;

export interface LearningCommandContext {
  github: GitHub;
  store: LearningStore | undefined;
  repo: RepoRef;
  /** The commenter: they have write access (the command job checked). */
  author: string;
  replyTo: ReplyTarget;
  /** The command comment's URL, for the learning's link, when known. */
  link?: string;
  phrase: string;
}

/**
 * `ignore [why]` (in reply to a Pullwise comment), `learn [glob:] <rule>`, `learnings`, `forget N`: the
 * repository's learnings, kept in the store. Returns the reply.
 */
export async function runLearningCommand(
  command: LearningCommand,
  context: LearningCommandContext,
): Promise<string> {
  const { store, phrase } = context;
  if (!store) {
    return 'Learnings are kept by the Pullwise App, which has a store for them; here, `pullwise review --learnings FILE` applies an exported set.';
  }
  const key = learningsKey(context.repo);
  switch (command.name) {
    case 'ignore': {
      const target = context.replyTo.kind === 'review-thread' ? context.replyTo.comment_id : undefined;
      const comment = target === undefined ? null : await context.github.reviewComment(context.repo, target);
      const finding = comment?.authorIsBot ? parseFindingComment(comment.body) : undefined;
      if (!comment || !finding) {
        return `\`${phrase} ignore\` works as a reply to one of Pullwise's review comments: it dismisses that finding.`;
      }
      const learned = await store.add(key, {
        kind: 'dismissal',
        text: clean(command.reason),
        finding: {
          path: comment.path,
          source: finding.source,
          body: finding.text,
          fingerprint: finding.fingerprint,
        },
        author: context.author,
        link: comment.url,
        key: `dismissed:${comment.id}`,
      });
      if (!learned)
        return `This finding was dismissed before and that learning was forgotten; nothing new was learned.`;
      return `Learned #${learned.number}: findings like this one are no longer posted on this repository${learned.text ? ` (${learned.text})` : ''}. \`${phrase} forget ${learned.number}\` undoes it.`;
    }
    case 'learn': {
      const parsed = parseRule(clean(command.rule));
      if (!parsed.text) return `Say what to learn: \`${phrase} learn [path/glob/**:] <rule>\`.`;
      const learning: NewLearning = {
        kind: 'rule',
        text: parsed.text,
        ...(parsed.pathGlob ? { pathGlob: parsed.pathGlob } : {}),
        author: context.author,
        ...(context.link ? { link: context.link } : {}),
      };
      const learned = (await store.add(key, learning))!;
      const scope = learned.pathGlob ? ` for \`${learned.pathGlob}\`` : '';
      return `Learned #${learned.number}${scope}: ${learned.text}\n\nReviews of this repository follow it from now on; \`${phrase} forget ${learned.number}\` removes it.`;
    }
    case 'learnings':
      return listLearnings(await store.list(key), phrase);
    case 'forget': {
      if (command.number === undefined)
        return `Say which learning to forget: \`${phrase} forget N\` (\`${phrase} learnings\` lists them).`;
      const forgotten = await store.forget(key, command.number);
      if (!forgotten) return `There is no learning #${command.number} (\`${phrase} learnings\` lists them).`;
      return `Forgot #${forgotten.number}: ${describe(forgotten)}`;
    }
  }
}

/** "src/legacy/**: var is fine here" → the glob and the rule; a first word is a glob when it looks like a path. */
function parseRule(text: string): { pathGlob?: string; text: string } {
  const match = /^(\S*[/*.]\S*):\s+([\s\S]+)$/.exec(text);
  if (!match || /^https?:/.test(text)) return { text };
  return { pathGlob: match[1]!, text: match[2]!.trim() };
}

/** What a person writes becomes part of every review's prompt: invisible characters and credentials go. */
function clean(text: string): string {
  const flat = maskSecretsIn(sanitizeUserText(text)).trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)} …` : flat;
}

function describe(learning: Learning): string {
  const scope = learning.pathGlob ? ` \`${learning.pathGlob}\`` : '';
  if (learning.kind === 'dismissal' && learning.finding) {
    const finding = learning.finding.body.replace(/\s+/g, ' ').slice(0, 140);
    return `dismissed${scope} (\`${learning.finding.source}\`, first on \`${learning.finding.path}\`): "${finding}"${learning.text ? ` — ${learning.text}` : ''}`;
  }
  return `rule${scope}: ${learning.text}`;
}

/** The numbered list, then the set as JSON (what `pullwise review --learnings FILE` reads). */
function listLearnings(learnings: Learning[], phrase: string): string {
  if (learnings.length === 0) {
    return `No learnings yet. Teach with \`${phrase} learn <rule>\`, with \`${phrase} ignore [why]\` in reply to a Pullwise comment, or with a 👎 on one.`;
  }
  const lines = learnings.map(
    (l) =>
      `${l.number}. ${describe(l)} · by @${l.author}, ${l.createdAt.slice(0, 10)}${l.link ? ` · [source](${l.link})` : ''}`,
  );
  const exported = JSON.stringify({ learnings }, null, 2);
  return fitBody(
    `**${learnings.length} learnings** on this repository (\`${phrase} forget N\` removes one):\n\n${lines.join('\n')}\n\n<details><summary>Export (for <code>pullwise review --learnings FILE</code>)</summary>\n\n\`\`\`json\n${exported}\n\`\`\`\n\n</details>`,
  );
}
