/** "1 file", "2 files": user-facing counts read as English. */
export function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}
