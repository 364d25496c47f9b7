/**
 * One credential format. Rules are written from each provider's documented token format: a prefix, a length,
 * an alphabet, a checksum where the format has one; formats too generic to stand alone (32 hex characters)
 * need the provider's name in the assignment around them (`keyedPattern`).
 */
export interface SecretRule {
  /** Stable id, used by `checks.secrets.rules` switches and in findings: `aws-access-key-id`. */
  id: string;
  /** What a finding calls it: "AWS access key ID". */
  title: string;
  /**
   * Lower-case strings, one of which appears (case-insensitively) in any text this rule matches: the prefix
   * or the provider's name. Texts with none of them are never run through the pattern, which keeps scanning fast.
   */
  keywords: readonly string[];
  /**
   * Finds the credential; a named group `secret` holds the credential itself (the part masked and measured),
   * else the whole match is the credential. Flags other than `i`, `m`, `s`, `u` are ignored.
   */
  pattern: RegExp;
  /** Least Shannon entropy, in bits per character, of the secret (placeholders score low). */
  minEntropy?: number;
  /**
   * A structural check beyond the pattern, such as a checksum; false rejects the match. `match` is the
   * whole text the pattern matched (the assignment around the secret, say).
   */
  validate?: (secret: string, match: string) => boolean;
  /** `critical` (default) for a live-format credential; `major` for a generic high-entropy assignment. */
  severity?: 'critical' | 'major';
  /**
   * The pattern may span lines (a PEM block). Other rules are run only on the lines that hold one of their
   * keywords, which is what keeps hundreds of rules cheap; their matches never cross a line break.
   */
  multiline?: boolean;
  /** A generic rule yields to any specific rule matching the same text. */
  generic?: boolean;
  /**
   * The secret's characters that are its random part, for the placeholder test: the secret with this
   * prefix removed. Defaults to the text up to and including the first `_`, `-` or `.` when that is a
   * known-looking prefix of letters (e.g. `ghp_`, `xoxb-`, `SG.`).
   */
  placeholderCheck?: 'default' | 'off';
}

/** `datadog` → `[dD][aA][tT][aA][dD][oO][gG]`: case-insensitive names next to case-sensitive values. */
export function caseless(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}

/**
 * An assignment whose name contains one of `names` (matched case-insensitively, anywhere in the name, so
 * `MY_DATADOG_API_KEY`), then `=`, `:`, `:=`, `=>`, `<-` or a JSON/YAML colon, optional quotes, and the value
 * (a regex source, case-sensitive) as group `secret`. Covers code, `.env`, YAML, JSON, TOML and shell
 * (`export X=…`, `--set x=…`). `names` are regex sources too, e.g. `'datadog|dd'`.
 */
export function keyedPattern(names: string, value: string): RegExp {
  const name = names
    .split('|')
    .map((n) => caseless(n))
    .join('|');
  return new RegExp(
    `(?:${name})[\\w.\\-\\[\\]'"]{0,40}?\\s{0,4}(?:=>|:=|<-|\\|\\|=|\\?\\?=|=|:)\\s{0,8}(?:[\\w.]+\\()?['"\`]?` +
      `(?<secret>${value})(?![A-Za-z0-9+/_-])`,
    'g',
  );
}

/**
 * A token that carries its own prefix (`sk_live_…`, `glpat-…`): the whole source is the secret, with no
 * token character directly before or after it.
 */
export function prefixedPattern(source: string, boundary = 'A-Za-z0-9_\\-'): RegExp {
  return new RegExp(`(?<![${boundary}])(?<secret>${source})(?![${boundary}])`, 'g');
}
