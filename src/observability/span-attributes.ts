/**
 * url.template is still incubating in OpenTelemetry's semantic conventions, which ask users to copy such names
 * rather than import `@opentelemetry/semantic-conventions/incubating`, whose minor releases may rename them.
 */
export const URL_TEMPLATE = 'url.template';

/** Pullwise's own attributes on a job's root span. */
export const PULLWISE_JOB_ID = 'pullwise.job.id';
export const PULLWISE_JOB_TYPE = 'pullwise.job.type';
export const PULLWISE_JOB_ATTEMPT = 'pullwise.job.attempt';
export const PULLWISE_DELIVERY_ID = 'pullwise.delivery_id';
export const PULLWISE_REPOSITORY = 'pullwise.repository';
export const PULLWISE_NUMBER = 'pullwise.number';
