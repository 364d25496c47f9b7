import { maskSecretsIn } from '../checks/secrets/mask-secrets.js';

// Fields of a Messages request that are structure, not text: ids, block types, tool names, cache markers,
// and image or document data. Everything else that is a string may hold code, a diff or a tool's output.
const STRUCTURE = new Set(['type', 'id', 'tool_use_id', 'name', 'cache_control', 'source', 'media_type']);

/**
 * The request with every credential the detector finds masked, in the system prompt and every message
 * (text, tool results, earlier tool inputs). This is the last line of the rule that no credential reaches
 * the model: lines the secrets check reported are already withheld, but a credential can also sit in
 * surrounding code, a file the agent reads, a command's output or an issue's text.
 */
export function maskRequestSecrets<T extends { system?: unknown; messages: unknown }>(request: T): T {
  return {
    ...request,
    ...(request.system === undefined ? {} : { system: maskStrings(request.system) }),
    messages: maskStrings(request.messages),
  };
}

function maskStrings(value: unknown): unknown {
  if (typeof value === 'string') return maskSecretsIn(value);
  if (Array.isArray(value)) return value.map(maskStrings);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    out[key] = STRUCTURE.has(key) ? inner : maskStrings(inner);
  return out;
}
