import {
  context,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type SpanOptions,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Job } from '../queue/job.js';
import { jobFields } from './job-fields.js';
import { maskSecrets } from './log-redaction.js';
import {
  PULLWISE_DELIVERY_ID,
  PULLWISE_JOB_ATTEMPT,
  PULLWISE_JOB_ID,
  PULLWISE_JOB_TYPE,
  PULLWISE_NUMBER,
  PULLWISE_REPOSITORY,
} from './span-attributes.js';

export interface Tracing {
  /** False when no OTLP endpoint is set: every helper below is then a no-op. */
  readonly enabled: boolean;
  /** Exports the spans ended so far. */
  flush(): Promise<void>;
  /** Exports what is left and stops tracing; call once, as the process stops. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  serviceVersion?: string;
  /** The process's secrets, masked in the error messages spans carry. */
  secrets?: readonly string[];
  /** How long ended spans wait to be sent in a batch; the SDK's default is 5 s. */
  scheduledDelayMillis?: number;
}

const TRACER_NAME = 'pullwise';
let secrets: readonly string[] = [];

/** OpenTelemetry's exporter variables: the traces endpoint as given, or the base endpoint plus `v1/traces`. */
export function tracesEndpoint(env: Record<string, string | undefined>): string | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/**
 * Traces to an OTLP/HTTP collector when OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set. The
 * provider and an AsyncLocalStorage context manager are registered globally, so code anywhere (a job, the
 * core) can add spans through `@opentelemetry/api` without being handed a tracer; without an endpoint nothing
 * is registered and the API's no-op tracer makes every span free. Headers, timeout and compression come from
 * the exporter's own OTEL_EXPORTER_OTLP_* variables.
 *
 * Model calls need nothing here: the Anthropic SDK makes a span for each call on the global provider (GenAI
 * conventions: model, token usage; prompts left out unless ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE says
 * otherwise), as a child of the span the call is made in. A span of ours as well would count every token twice.
 */
export function startTracing(env: Record<string, string | undefined>, options: TracingOptions = {}): Tracing {
  const url = tracesEndpoint(env);
  if (!url) return { enabled: false, flush: async () => {}, shutdown: async () => {} };
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME?.trim() || 'pullwise',
      ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
    }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url }),
        ...(options.scheduledDelayMillis !== undefined
          ? { scheduledDelayMillis: options.scheduledDelayMillis }
          : {}),
      }),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  // Each returns false when something else (an auto-instrumentation preload) registered first: then spans go
  // to that provider, and shutdown leaves its registration alone.
  const ownsContext = context.setGlobalContextManager(contextManager);
  const ownsProvider = trace.setGlobalTracerProvider(provider);
  secrets = options.secrets ?? [];
  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    flush: () => provider.forceFlush(),
    shutdown() {
      stopped ??= provider.shutdown().finally(() => {
        if (ownsProvider) trace.disable();
        if (ownsContext) context.disable();
        contextManager.disable();
        secrets = [];
      });
      return stopped;
    },
  };
}

/**
 * Runs one job run as the root span of its own trace, named `job <type>`, with the job's identity; the span
 * ends with status error when `fn` throws.
 */
export function traceJob<T>(job: Job, fn: () => Promise<T>): Promise<T> {
  const { jobId, type, attempt, deliveryId, repo, number } = jobFields(job);
  const attributes: Attributes = {
    [PULLWISE_JOB_ID]: jobId,
    [PULLWISE_JOB_TYPE]: type,
    [PULLWISE_JOB_ATTEMPT]: attempt,
    [PULLWISE_DELIVERY_ID]: deliveryId,
    ...(repo ? { [PULLWISE_REPOSITORY]: repo } : {}),
    ...(number !== undefined ? { [PULLWISE_NUMBER]: number } : {}),
  };
  return inSpan(`job ${type}`, { root: true, attributes }, fn);
}

/** Runs `fn` as a child span of the current one (a checkout, a step of a job). */
export function withSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  return inSpan(name, { attributes }, fn);
}

export function tracer() {
  return trace.getTracer(TRACER_NAME);
}

/** Marks `span` failed with `error`, its message and stack masked for the process's secrets. */
export function recordFailure(span: Span, error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  const message = maskSecrets(failure.message, secrets);
  span.recordException({
    name: failure.name,
    message,
    ...(failure.stack ? { stack: maskSecrets(failure.stack, secrets) } : {}),
  });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

function inSpan<T>(name: string, options: SpanOptions, fn: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, options, async (span) => {
    try {
      return await fn();
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
