import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ConfigError } from './config';
import { tracingFromEnv } from './tracing';

describe('OpenTelemetry traces from the OTEL_* variables', () => {
  test('off unless OTEL_TRACES_EXPORTER asks for otlp; another exporter is a configuration error', () => {
    expect(tracingFromEnv({})).toBeNull();
    expect(tracingFromEnv({ OTEL_TRACES_EXPORTER: 'none' })).toBeNull();
    expect(tracingFromEnv({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' })).toBeNull();
    expect(() => tracingFromEnv({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(ConfigError);
  });

  test('otlp: spans are sent over HTTP to the configured endpoint, named after the service', async () => {
    const received: { url?: string; type?: string; body: string }[] = [];
    const collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ url: request.url, type: request.headers['content-type'], body });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    // The exporter loads its HTTP transport with a dynamic import, which jest's module sandbox
    // cannot run: a real Node process does it, with the compiled module, as a service would.
    const script = `
      const { createTracing, tracingFromEnv } = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'tracing.js'))});
      const tracing = createTracing('cases', tracingFromEnv());
      tracing.tracer.startSpan('query children').end();
      tracing.flush().then(() => tracing.shutdown()).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
    `;
    try {
      await new Promise<void>((resolve, reject) =>
        execFile(
          process.execPath,
          ['-e', script],
          {
            env: {
              PATH: process.env.PATH,
              OTEL_TRACES_EXPORTER: 'otlp',
              OTEL_SERVICE_NAME: 'passerelle-44',
              OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
            },
            timeout: 60_000,
          },
          (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()),
        ),
      );
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ url: '/v1/traces', type: expect.stringContaining('json') });
    const body = JSON.parse(received[0]!.body) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string }[] }[] }[] };
    const [resourceSpans] = body.resourceSpans;
    expect(resourceSpans!.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'passerelle-44-cases' } });
    expect(resourceSpans!.scopeSpans[0]!.spans.map((span) => span.name)).toEqual(['query children']);
  });
});
