import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  buildClientSchema,
  execute,
  getVariableValues,
  Kind,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

// Checks a GraphQL request against GitHub's own schema (@octokit/graphql-schema), so a mock can never answer
// a document api.github.com would refuse: unknown or deprecated fields, wrong arguments, variables that do
// not fit their types.

export interface GraphQLAnswer {
  data?: unknown;
  /** When a resolver threw: GitHub still answers 200, with `errors` next to what it could resolve. */
  errors?: Array<{ message: string; path?: Array<string | number> }>;
}

let schema: GraphQLSchema | undefined;

// The SDL (schema.graphql) repeats some fields and does not build; the introspection JSON does, in ~0.1 s.
function githubSchema(): GraphQLSchema {
  if (!schema) {
    // The package exports only its ESM index (which parses the JSON eagerly), so find its folder instead.
    const dirs = createRequire(import.meta.url).resolve.paths('@octokit/graphql-schema') ?? [];
    const file = dirs.map((dir) => join(dir, '@octokit/graphql-schema/schema.json')).find(existsSync);
    if (!file) throw new Error('@octokit/graphql-schema is not installed: run npm install');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown };
    schema = buildClientSchema((json.data ?? json) as Parameters<typeof buildClientSchema>[0], {
      assumeValid: true,
    });
  }
  return schema;
}

function fail(problems: readonly { message: string }[]): never {
  throw new Error(`GitHub would refuse this GraphQL request: ${problems.map((p) => p.message).join('; ')}`);
}

/** Throws, listing every problem, when GitHub would refuse the document or its variables. */
export function validateGitHubGraphQL(query: string, variables: Record<string, unknown> = {}): DocumentNode {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return fail([error as Error]);
  }
  const problems = validate(githubSchema(), document, [...specifiedRules, NoDeprecatedCustomRule]);
  if (problems.length) fail(problems);
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  for (const operation of operations) {
    const coerced = getVariableValues(githubSchema(), operation.variableDefinitions ?? [], variables);
    if (coerced.errors) fail(coerced.errors);
  }
  return document;
}

/**
 * Validates, then executes the request over `rootValue`: graphql-js's default resolver reads each field from
 * its parent object and calls it with the field's arguments when it is a function, so a plain object tree
 * is the resolver map (`{ repository: ({ owner, name }) => ({ pullRequest: ({ number }) => … }) }`).
 * Interfaces and unions (`author`) resolve through a `__typename` on the object.
 */
export async function executeGitHubGraphQL(
  query: string,
  variables: Record<string, unknown> | undefined,
  rootValue: unknown,
): Promise<GraphQLAnswer> {
  const document = validateGitHubGraphQL(query, variables);
  const result = await execute({
    schema: githubSchema(),
    document,
    rootValue,
    variableValues: variables ?? {},
  });
  // GitHub answers as graphql-js serialises: `{ data }`, plus `errors` (message, locations, path) on failure.
  return JSON.parse(JSON.stringify(result)) as GraphQLAnswer;
}

/**
 * Where GitHub serves GraphQL: `/graphql` on api.github.com, `/api/graphql` on GHES (whose REST API is under
 * `/api/v3`; @octokit/graphql swaps that suffix). `pathname` as requested, before any prefix is stripped.
 */
export const isGraphQLPath = (pathname: string) => pathname === '/graphql' || pathname === '/api/graphql';

/** The body of a `POST /graphql` as GitHub reads it, `{ query, variables? }`; throws when GitHub would refuse it. */
export function graphQLRequestOf(body: unknown): { query: string; variables: Record<string, unknown> } {
  const { query, variables = {} } = (typeof body === 'object' && body !== null ? body : {}) as {
    query?: unknown;
    variables?: unknown;
  };
  if (typeof query !== 'string')
    throw new Error('GitHub would refuse this GraphQL request: no `query` string');
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
    throw new Error('GitHub would refuse this GraphQL request: `variables` is not an object');
  validateGitHubGraphQL(query, variables as Record<string, unknown>);
  return { query, variables: variables as Record<string, unknown> };
}

/**
 * A repository with no review threads and no reactions, as GraphQL root: what the review job's queries read
 * (its threads on a re-review; the App's 👎 for learnings) where a test is about something else.
 */
export const QUIET_REPOSITORY = {
  repository: () => ({
    pullRequest: () => ({
      reviewThreads: () => ({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } }),
    }),
    pullRequests: () => ({ nodes: [] }),
  }),
};

/** A stand-in route answering every GraphQL request over QUIET_REPOSITORY. */
export async function quietGraphQL(req: { body: unknown }): Promise<{ status: number; body: unknown }> {
  const { query, variables } = graphQLRequestOf(req.body);
  return { status: 200, body: await executeGitHubGraphQL(query, variables, QUIET_REPOSITORY) };
}
