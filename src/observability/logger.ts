import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import type { Job } from '../queue/job.js';
import { jobFields } from './job-fields.js';
import { redactionOptions } from './log-redaction.js';

export interface LoggerSettings {
  /** LOG_LEVEL: pino's levels, or 'silent'. */
  level: string;
  /** The process's secrets (API key, webhook secret, private key…): masked wherever they show up. */
  secrets: readonly string[];
  /** Where JSON lines go; stdout by default. */
  destination?: DestinationStream;
}

/** The App's logger: one JSON object per line, with secrets redacted. Give it to Probot as `log`. */
export function createLogger(settings: LoggerSettings): Logger {
  return pino(
    {
      level: settings.level as Level | 'silent',
      // Lines carry the level's name ("info"), which log collectors read without a mapping table.
      formatters: { level: (label) => ({ level: label }) },
      ...redactionOptions(settings.secrets),
    },
    settings.destination ?? pino.destination(1),
  );
}

/** A job's logger: every line names the delivery, the job, and the repository and PR/issue it is about. */
export function jobLogger(log: Logger, job: Job): Logger {
  const { deliveryId, jobId, type, repo, number } = jobFields(job);
  return log.child({
    deliveryId,
    jobId,
    jobType: type,
    ...(repo ? { repo } : {}),
    ...(number !== undefined ? { number } : {}),
  });
}
