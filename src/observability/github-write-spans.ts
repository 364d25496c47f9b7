import { context, SpanKind, trace } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
} from '@opentelemetry/semantic-conventions';
import { statusOf, type GitHubRequestObserver } from './octokit-hooks.js';
import { URL_TEMPLATE } from './span-attributes.js';
import { recordFailure, tracer } from './tracing.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A span for each GitHub write (a review, a comment, a check run, a push of refs), named `github <METHOD>
 * <route template>`. Reads are left out: a review makes dozens, and what changed on GitHub is what a trace
 * needs to show.
 */
export const githubWriteSpans: GitHubRequestObserver = {
  async around(request, send) {
    if (READS.has(request.method)) return send();
    const span = tracer().startSpan(`github ${request.method} ${request.route}`, {
      kind: SpanKind.CLIENT,
      attributes: { [ATTR_HTTP_REQUEST_METHOD]: request.method, [URL_TEMPLATE]: request.route },
    });
    try {
      const response = await context.with(trace.setSpan(context.active(), span), send);
      const status = (response as { status?: unknown }).status;
      if (typeof status === 'number') span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      return response;
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      span.setAttribute(ATTR_ERROR_TYPE, status !== undefined ? String(status) : 'no_response');
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  },
};
