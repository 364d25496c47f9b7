import type { Learning, NewLearning } from '../core/learnings/learning.js';

/**
 * Each repository's learnings (`owner/repo`, lower-cased), where every worker sees them and a restart keeps
 * them: SQLite in one process, Redis when scaled out.
 */
export interface LearningStore {
  /**
   * Stores a learning under the repository's next number. With a `key`: a key stored before returns that
   * learning (nothing new is stored); a key whose learning was forgotten returns undefined.
   */
  add(repo: string, learning: NewLearning): Promise<Learning | undefined>;
  /** The repository's learnings, by number. */
  list(repo: string): Promise<Learning[]>;
  /** Removes learning `number`; returns it, or undefined when there is none. */
  forget(repo: string, number: number): Promise<Learning | undefined>;
  close(): Promise<void>;
}
