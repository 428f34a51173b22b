import { parse, type OperationDefinitionNode } from 'graphql';
import { MAX_OPERATION_LABELS, metricsEndpoint, routeLabel, ServiceMetrics } from './metrics';

const operation = (document: string) => parse(document).definitions[0] as OperationDefinitionNode;

describe('metrics', () => {
  test('an operation is labelled by its type and root fields, never by its client-chosen name', () => {
    const metrics = new ServiceMetrics('test');
    expect(metrics.operationLabel(operation('query LeaDupontFile { child(id: "1") { id } children { nodes { id } } }'))).toBe('query child,children');
    expect(metrics.operationLabel(operation('mutation { submitConcern(input: {}) { id } }'))).toBe('mutation submitConcern');
    expect(metrics.operationLabel(undefined)).toBe('invalid');
  });

  test('labels are bounded: past the limit, new combinations count as other', () => {
    const metrics = new ServiceMetrics('test');
    for (let i = 0; i < MAX_OPERATION_LABELS; i++) metrics.operationLabel(operation(`{ f${i} }`));
    expect(metrics.operationLabel(operation('{ another }'))).toBe('other');
    expect(metrics.operationLabel(operation('{ f1 }'))).toBe('query f1');
  });

  test('routes other than the known ones are one label', () => {
    expect(routeLabel('/graphql', ['/graphql', '/health'])).toBe('/graphql');
    expect(routeLabel('/wp-admin/../etc/passwd', ['/graphql'])).toBe('other');
  });

  test('production serves /metrics only with a token', () => {
    const metrics = new ServiceMetrics('test');
    expect(metricsEndpoint(metrics, undefined, true)).toBeNull();
    expect(metricsEndpoint(metrics, undefined, false)).toEqual({ metrics, token: null });
    expect(metricsEndpoint(metrics, 'a'.repeat(32), true)).toEqual({ metrics, token: 'a'.repeat(32) });
  });

  test('the text exposition carries the service label and process metrics', async () => {
    const metrics = new ServiceMetrics('cases');
    metrics.operations.inc({ operation: 'query children', audience: 'school', outcome: 'OK' });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/passerelle_graphql_operations_total\{operation="query children",audience="school",outcome="OK",service="cases"\} 1/);
    expect(text).toContain('passerelle_process_cpu_seconds_total');
  });
});
