import { afterEach, expect, test } from '@jest/globals';
import { startClaudeStandIn } from '../helpers/claude-fake.js';
import { payload } from '../helpers/github-mock.js';
import { startStatefulGitHub } from '../helpers/stateful-github.js';
import { until } from '../helpers/until.js';
import { opened, review, startDeployment, type Deployment } from './deployment.js';

// A repository's own trigger phrase, scaled out: the web process that decides on a comment never ran a job
// for the repository, and a restarted one has forgotten everything it held in memory.

let d: Deployment | undefined;
afterEach(async () => {
  await d?.stop();
  d = undefined;
});

function comment(number: number, body: string) {
  const event = payload('issue_comment', 'created');
  event.issue.number = number;
  event.issue.pull_request = {
    url: `https://api.github.com/repos/Codertocat/Hello-World/pulls/${number}`,
  } as never;
  event.comment.body = body;
  event.installation = { id: 1 } as never;
  return event;
}

test('a custom trigger phrase learned by a worker works on the web process, and on a new one after a restart', async () => {
  d = await startDeployment();
  await d.useGitHub(await startStatefulGitHub({ config: 'triggers:\n  phrase: "@helper"\n' }));
  d.claude = await startClaudeStandIn([async () => review('Reviewed.')]);
  const web = await d.start('web');
  await d.start('worker');

  // The worker reads the config for the review of PR 7, and so learns the phrase.
  expect(await web.send('pull_request', opened(7))).toBe(200);
  await until(() => d!.github.reviews.length === 1, 'the review', 30_000);
  const helps = () => d!.github.comments.filter((c) => c.body.includes('`@helper review`'));

  expect(await web.send('issue_comment', comment(7, '@helper help'))).toBe(200);
  await until(() => helps().length === 1, 'the help answer, from the web process’s decision', 30_000);

  await web.kill('SIGKILL');
  const restarted = await d.start('web');
  expect(await restarted.send('issue_comment', comment(7, '@helper help'))).toBe(200);
  await until(() => helps().length === 2, 'the help answer after the restart', 30_000);

  // The default phrase is not the repository's: no job for it.
  expect(await restarted.send('issue_comment', comment(7, '@pullwise help'))).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(helps()).toHaveLength(2);
  expect(d.github.comments.filter((c) => c.body.includes('`@pullwise review`'))).toEqual([]);
}, 90_000);
