import { createServer } from 'node:http';

/** A span as an OTLP/HTTP JSON export carries it, its attributes flattened into an object. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
  status: { code?: number; message?: string };
  events: Array<{ name: string; attributes: Record<string, string | number | boolean> }>;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  resource: Record<string, string | number | boolean>;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
}

const flatten = (attributes: OtlpAttribute[] = []) =>
  Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ??
        (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
        value.doubleValue ??
        value.boolValue!,
    ]),
  );

/**
 * An OpenTelemetry collector's OTLP/HTTP traces endpoint on loopback (POST /v1/traces, JSON encoding, as the
 * http exporter sends it), keeping every span it receives.
 */
export async function startOtlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const http = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/traces') return void res.writeHead(404).end();
    contentTypes.push(req.headers['content-type'] ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: Array<{
          resource?: { attributes?: OtlpAttribute[] };
          scopeSpans: Array<{ spans: Array<Record<string, any>> }>;
        }>;
      };
      for (const resourceSpans of body.resourceSpans) {
        const resource = flatten(resourceSpans.resource?.attributes);
        for (const scope of resourceSpans.scopeSpans)
          for (const span of scope.spans)
            spans.push({
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
              name: span.name,
              kind: span.kind,
              attributes: flatten(span.attributes),
              status: span.status ?? {},
              events: (span.events ?? []).map((e: { name: string; attributes?: OtlpAttribute[] }) => ({
                name: e.name,
                attributes: flatten(e.attributes),
              })),
              startTimeUnixNano: String(span.startTimeUnixNano),
              endTimeUnixNano: String(span.endTimeUnixNano),
              resource,
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    /** What OTEL_EXPORTER_OTLP_ENDPOINT would be set to. */
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    named: (name: string) => spans.filter((span) => span.name === name),
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
