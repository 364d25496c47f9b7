import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// Checks a request against GitHub's own REST description (@octokit/openapi), so a mock can never accept a
// request that api.github.com would answer with 404 or 422.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Parameter {
  name: string;
  in: string;
  schema?: JsonObject;
}
interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonObject }> };
}
interface Spec {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonObject>; parameters: Record<string, Parameter> };
}
interface Route {
  template: string;
  segments: string[];
  literals: number;
  operations: Record<string, Operation>;
}
interface Validators {
  body?: ValidateFunction;
  query?: ValidateFunction;
}

export interface OperationMatch {
  operationId: string;
  pathTemplate: string;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);
// Path parameters whose values may contain '/' when a client does not percent-encode them
// (`contents/src/a.ts`, `git/refs/heads/main`, `compare/main...feature/x`); only as the last segment.
const SLASHED_PARAMS = new Set(['{path}', '{ref}', '{basehead}']);

// GitHub's description is looser than GitHub in a few places; these rules add what the API enforces.
// pulls/create-review: `comments[].side` and `start_side` carry no enum there, but GitHub answers 422 to
// anything but LEFT/RIGHT (the single-comment endpoint, pulls/create-review-comment, declares that enum).
const STRICTER_THAN_SPEC: Record<string, (schema: JsonObject) => void> = {
  'pulls/create-review': (schema) => {
    const item = (schema.properties as JsonObject).comments as JsonObject;
    const props = (item.items as JsonObject).properties as JsonObject;
    for (const key of ['side', 'start_side']) props[key] = { type: 'string', enum: ['LEFT', 'RIGHT'] };
  },
};

let spec: Spec | undefined;
let routes: Route[] | undefined;
let ajvs: { body: Ajv; query: Ajv } | undefined;
const validators = new Map<string, Validators>();

// 13 MB of JSON, parsed in ~0.2 s; the dereferenced variant is 73 MB, so refs are resolved per operation.
function loadSpec(): Spec {
  if (!spec) {
    const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
    spec = JSON.parse(readFileSync(file, 'utf8')) as Spec;
  }
  return spec;
}

function loadRoutes(): Route[] {
  routes ??= Object.entries(loadSpec().paths).map(([template, item]) => {
    const segments = template.split('/').slice(1);
    const operations: Record<string, Operation> = {};
    for (const [method, op] of Object.entries(item)) if (HTTP_METHODS.has(method)) operations[method] = op;
    return { template, segments, literals: segments.filter((s) => !s.startsWith('{')).length, operations };
  });
  return routes;
}

function makeAjv(coerceTypes: false | 'array'): Ajv {
  // strict: false because the description carries OpenAPI-only keywords (example, readOnly, x-github...).
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true, coerceTypes });
  addFormats.default(ajv);
  // Formats GitHub uses that no JSON Schema library knows; GitHub documents them as plain strings.
  ajv.addFormat('repo.nwo', true);
  return ajv;
}

/** Splits a request target into a GitHub path (no origin, no GHES `/api/v3` prefix) and its query. */
export function splitRequestTarget(target: string): { path: string; query: URLSearchParams } {
  const url = new URL(target, 'http://github.invalid');
  const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '').replace(/(.)\/$/, '$1');
  return { path, query: url.searchParams };
}

/** The params of `path` when it fits `template` (`/repos/{owner}/{repo}`), else undefined. */
export function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  return matchSegments(template.split('/').slice(1), path.split('/').slice(1));
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  const last = template[template.length - 1] ?? '';
  const greedy = SLASHED_PARAMS.has(last) && actual.length > template.length;
  if (actual.length !== template.length && !greedy) return undefined;
  const params: Record<string, string> = {};
  for (const [i, seg] of template.entries()) {
    const value = greedy && i === template.length - 1 ? actual.slice(i).join('/') : actual[i];
    if (value === undefined || (seg.startsWith('{') && !value)) return undefined;
    if (seg.startsWith('{')) params[seg.slice(1, -1)] = decodeURIComponent(value);
    else if (seg !== value) return undefined;
  }
  return params;
}

function matchRoutes(path: string): Route[] {
  const actual = path.split('/').slice(1);
  const exact = (r: Route) => r.segments.length === actual.length;
  // Most literal segments first (`/issues/comments/{id}` beats `/issues/{number}/comments`); exact length
  // before a trailing `{path}` that swallows the rest.
  return loadRoutes()
    .filter((r) => matchSegments(r.segments, actual))
    .sort((a, b) => Number(exact(b)) - Number(exact(a)) || b.literals - a.literals);
}

function resolveOperation(method: string, target: string) {
  const { path, query } = splitRequestTarget(target);
  const candidates = matchRoutes(path);
  const route = candidates.find((r) => r.operations[method.toLowerCase()]);
  const operation = route?.operations[method.toLowerCase()];
  return { path, query, candidates, route, operation };
}

/** The GitHub REST operation a request would reach, or undefined when GitHub would answer 404. */
export function findOperation(method: string, path: string): OperationMatch | undefined {
  const { route, operation } = resolveOperation(method, path);
  return route && operation
    ? { operationId: operation.operationId, pathTemplate: route.template }
    : undefined;
}

// OpenAPI 3.0 (GitHub ships 3.0.3) is not JSON Schema: `nullable: true` means "or null". Ajv only honours
// it next to `type`, and an `enum` must list null explicitly, so rewrite to plain JSON Schema.
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'examples') continue;
    out[key] = key === 'enum' || key === 'default' ? value : toJsonSchema(value);
  }
  if (node.nullable !== true) return out;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
  return { anyOf: [out, { type: 'null' }] };
}

// Ajv resolves `#/components/schemas/x` against the schema root, so each operation's schema carries the
// (converted) components it reaches, and nothing else of the 13 MB document.
function withComponents(schema: JsonObject): JsonObject {
  const { components } = loadSpec();
  const used: JsonObject = {};
  const pending: Json[] = [schema];
  while (pending.length) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) pending.push(...node);
    else
      for (const [key, value] of Object.entries(node)) {
        const name =
          key === '$ref' && typeof value === 'string' ? value.split('#/components/schemas/')[1] : '';
        if (name && !(name in used))
          pending.push((used[name] = toJsonSchema(components.schemas[name] ?? {})));
        else if (typeof value === 'object') pending.push(value);
      }
  }
  return { ...schema, components: { schemas: used } };
}

function compileValidators(operation: Operation): Validators {
  ajvs ??= { body: makeAjv(false), query: makeAjv('array') };
  const result: Validators = {};
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  if (bodySchema) {
    const schema = toJsonSchema(bodySchema) as JsonObject;
    STRICTER_THAN_SPEC[operation.operationId]?.(schema);
    result.body = ajvs.body.compile(withComponents(schema));
  }
  const params = loadSpec().components.parameters;
  const query: JsonObject = {};
  for (const p of operation.parameters ?? []) {
    const param = '$ref' in p ? params[p.$ref.replace('#/components/parameters/', '')] : p;
    if (param?.in === 'query' && param.schema) query[param.name] = toJsonSchema(param.schema);
  }
  // Query values arrive as strings; coercion lets `per_page=100` meet `type: integer`, and enums still bite.
  if (Object.keys(query).length)
    result.query = ajvs.query.compile(withComponents({ type: 'object', properties: query }));
  return result;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const allowed = e.keyword === 'enum' ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : '';
      const extra = e.keyword === 'additionalProperties' ? ` '${e.params.additionalProperty as string}'` : '';
      return `${e.instancePath || '/'} ${e.message ?? e.keyword}${allowed}${extra}`;
    })
    .join('; ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isEmptyBody(body: unknown): boolean {
  if (body === undefined || body === null || body === '') return true;
  return typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0;
}

/** Throws when GitHub would reject this request: unknown route or method, or a body/query it would refuse. */
export function validateGitHubRequest(method: string, target: string, body: unknown): void {
  const { path, query, candidates, route, operation } = resolveOperation(method, target);
  const request = `${method.toUpperCase()} ${path}`;
  if (!route || !operation) {
    const allowed = [...new Set(candidates.flatMap((r) => Object.keys(r.operations)))];
    const hint = allowed.length
      ? `the path exists but only for ${allowed.map((m) => m.toUpperCase()).join(', ')}`
      : "no path template in GitHub's OpenAPI description matches";
    throw new Error(`${request}: GitHub has no such operation (${hint})`);
  }
  const where = `${request} (${operation.operationId}, ${route.template})`;
  const key = `${method.toLowerCase()} ${route.template}`;
  const validatorsForOp = validators.get(key) ?? compileValidators(operation);
  validators.set(key, validatorsForOp);
  const data = typeof body === 'string' ? parseJson(body) : body;
  if (typeof data === 'string' && data !== '' && validatorsForOp.body)
    throw new Error(`${where}: the body is not JSON: ${data.slice(0, 80)}`);
  const requestBody = operation.requestBody;
  if (!requestBody && !isEmptyBody(data))
    throw new Error(
      `${where}: this operation takes no request body, got ${JSON.stringify(data).slice(0, 80)}`,
    );
  // Clients send no body when every field is optional; a required body is then checked as `{}` so a
  // missing required field is named.
  if (validatorsForOp.body && (requestBody?.required || !isEmptyBody(data))) {
    const checked = isEmptyBody(data) ? {} : data;
    if (!validatorsForOp.body(checked))
      throw new Error(`${where}: body ${describe(validatorsForOp.body.errors)}`);
  }
  if (validatorsForOp.query) {
    const values: Record<string, string | string[]> = {};
    for (const key of new Set(query.keys())) {
      const all = query.getAll(key);
      values[key] = all.length > 1 ? all : (all[0] ?? '');
    }
    if (!validatorsForOp.query(values))
      throw new Error(`${where}: query ${describe(validatorsForOp.query.errors)}`);
  }
}
