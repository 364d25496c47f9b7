import type { GitHubClient, RepoRef } from './client.js';
import type { ReviewThread, ThreadComment, ThumbsDown } from './github-port.js';

// Review threads and reactions exist only in GitHub's GraphQL API (REST has no "resolve" and no thread
// state). Each document is a constant so the test stand-ins validate and execute exactly what is sent.

type GraphQL = GitHubClient['graphql'];

// `fullDatabaseId`, not `databaseId`: GitHub deprecated the latter, it does not hold 64-bit ids.
const COMMENT_FIELDS = 'fullDatabaseId body url author { __typename login } originalCommit { oid }';

export const REVIEW_THREADS_QUERY = `query PullwiseReviewThreads($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id isResolved isOutdated path diffSide line startLine originalLine originalStartLine
          comments(first: 100) { nodes { ${COMMENT_FIELDS} } }
        }
      }
    }
  }
}`;

export const RESOLVE_REVIEW_THREAD_MUTATION = `mutation PullwiseResolveReviewThread($threadId: ID!) {
  resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } }
}`;

// GitHub refuses a query reaching over 500,000 nodes; this one reaches 20 + 20·50 + 20·50·1 + 20·50·1·20 =
// 22,020 (pull requests, threads, first comments, reactions).
export const THUMBS_DOWN_QUERY = `query PullwiseThumbsDown($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    pullRequests(first: 20, orderBy: { field: UPDATED_AT, direction: DESC }) {
      nodes {
        number
        reviewThreads(last: 50) {
          nodes {
            path
            comments(first: 1) {
              nodes { ${COMMENT_FIELDS} reactions(content: THUMBS_DOWN, first: 20) { nodes { user { login } } } }
            }
          }
        }
      }
    }
  }
}`;

interface CommentNode {
  fullDatabaseId: string | null;
  body: string;
  url: string;
  author: { __typename: string; login: string } | null;
  originalCommit: { oid: string } | null;
}

interface ThreadNode extends Omit<ReviewThread, 'comments'> {
  comments: { nodes: CommentNode[] };
}

interface ReviewThreadsAnswer {
  repository: {
    pullRequest: {
      reviewThreads: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ThreadNode[] };
    } | null;
  } | null;
}

interface ThumbsDownAnswer {
  repository: {
    pullRequests: {
      nodes: Array<{
        number: number;
        reviewThreads: {
          nodes: Array<{
            path: string;
            comments: {
              nodes: Array<CommentNode & { reactions: { nodes: Array<{ user: { login: string } | null }> } }>;
            };
          }>;
        };
      }>;
    };
  } | null;
}

const commentOf = (node: CommentNode): ThreadComment => ({
  // A BigInt scalar, sent as a string; REST ids are below 2^53, so a number holds it.
  id: Number(node.fullDatabaseId),
  body: node.body,
  author: node.author && { login: node.author.login, isBot: node.author.__typename === 'Bot' },
  originalCommit: node.originalCommit?.oid ?? null,
  url: node.url,
});

/** Every review thread of the pull request, 100 a page, each with its first 100 comments. */
export async function reviewThreads(
  graphql: GraphQL,
  repo: RepoRef,
  pullNumber: number,
): Promise<ReviewThread[]> {
  const threads: ReviewThread[] = [];
  let cursor: string | null = null;
  do {
    const answer: ReviewThreadsAnswer = await graphql<ReviewThreadsAnswer>(REVIEW_THREADS_QUERY, {
      owner: repo.owner,
      name: repo.repo,
      number: pullNumber,
      cursor,
    });
    const page = answer.repository?.pullRequest?.reviewThreads;
    for (const { comments, ...thread } of page?.nodes ?? [])
      threads.push({ ...thread, comments: comments.nodes.map(commentOf) });
    cursor = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (cursor);
  return threads;
}

export async function resolveReviewThread(graphql: GraphQL, threadId: string): Promise<void> {
  await graphql(RESOLVE_REVIEW_THREAD_MUTATION, { threadId });
}

/** Bots' first comments of threads with at least one 👎, on the 20 most recently updated pull requests. */
export async function thumbsDown(graphql: GraphQL, repo: RepoRef): Promise<ThumbsDown[]> {
  const answer = await graphql<ThumbsDownAnswer>(THUMBS_DOWN_QUERY, { owner: repo.owner, name: repo.repo });
  return (answer.repository?.pullRequests.nodes ?? []).flatMap((pr) =>
    pr.reviewThreads.nodes.flatMap((thread) =>
      thread.comments.nodes.flatMap(({ reactions, ...node }) => {
        const users = [...new Set(reactions.nodes.flatMap((r) => (r.user ? [r.user.login] : [])))];
        const comment = commentOf(node);
        return comment.author?.isBot && users.length
          ? [{ pullNumber: pr.number, comment: { ...comment, path: thread.path }, users }]
          : [];
      }),
    ),
  );
}
