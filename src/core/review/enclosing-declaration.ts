/**
 * Finds the line that declares the function/class/block enclosing a given line, by indentation and a
 * language-agnostic notion of "declaration-like" — the same idea as git's hunk-header heuristics, but it
 * also finds indented methods. A heuristic: it only adds context for the model, never decides anchoring.
 */
const KEYWORD_DECLARATION =
  /^\s*(?:[@#][\w.()"', ]+\s+)*(?:(?:export|default|public|private|protected|internal|static|async|abstract|final|override|virtual|pub(?:\([\w:]+\))?|unsafe|extern|inline|open|sealed|partial|declare)\s+)*(?:function\*?|def|class|fn|func|interface|struct|enum|trait|impl|module|namespace|object|record|type|sub|procedure)\b/;
const ARROW_DECLARATION =
  /^\s*(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*(?::[^=]+)?=\s*(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*(?::[^=]+)?=>/;
const METHOD_DECLARATION =
  /^\s*(?:(?:public|private|protected|static|async|get|set|override|readonly)\s+)*[A-Za-z_$][\w$]*\s*(?:<[^>]*>)?\s*\([^;]*\)\s*(?::\s*[^={;]+)?\s*\{\s*$/;
const CONTROL_FLOW = /^\s*(?:if|for|while|switch|catch|else|do|try|return|with)\b/;

const MAX_LOOKBACK = 300;

export function isDeclarationLike(line: string): boolean {
  if (CONTROL_FLOW.test(line)) return false;
  return KEYWORD_DECLARATION.test(line) || ARROW_DECLARATION.test(line) || METHOD_DECLARATION.test(line);
}

function indentation(line: string): number {
  const match = /^[ \t]*/.exec(line)![0];
  return match.replace(/\t/g, '    ').length;
}

/**
 * The 1-based number of the closest line above `lineNumber` that looks like a declaration and is indented
 * less than the first non-blank line at or after `lineNumber`; undefined when there is none nearby.
 */
export function enclosingDeclaration(lines: readonly string[], lineNumber: number): number | undefined {
  let anchor = lineNumber;
  while (anchor <= lines.length && !lines[anchor - 1]?.trim()) anchor++;
  const target = lines[anchor - 1];
  if (target === undefined) return undefined;
  let limit = indentation(target);
  for (let n = lineNumber - 1; n >= 1 && n >= lineNumber - MAX_LOOKBACK; n--) {
    const line = lines[n - 1]!;
    if (!line.trim()) continue;
    const indent = indentation(line);
    if (indent >= limit) continue;
    if (isDeclarationLike(line)) return n;
    // A less-indented line that is not a declaration (e.g. `if (…) {`) tightens the bound: the enclosing
    // declaration must be outside it too.
    limit = indent;
    if (limit === 0) return undefined;
  }
  return undefined;
}
