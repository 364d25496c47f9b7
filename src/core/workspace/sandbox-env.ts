/**
 * The whole environment of a sandboxed command. Nothing is inherited from the server's process.env, which
 * holds the installation token, the API key and the App's private key: a command sees only these entries and
 * the ones its caller passed on purpose.
 */
export function sandboxEnv(
  places: { path: string; home: string; tmp: string },
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    PATH: places.path,
    HOME: places.home,
    TMPDIR: places.tmp,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TERM: 'dumb',
    CI: 'true',
    ...extra,
  };
}
