/** pino-compatible: `(obj, msg)`. The worker's log and each job's own (with the job's fields bound). */
export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
