import { readErrorConfig } from './config';
import { formatError } from './format-error';

describe('errors clients see', () => {
  const leaky = { message: 'relation "cases.child" does not exist', path: ['child'], extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  const deliberate = { message: 'Child x was not found', path: ['child'], extensions: { code: 'NOT_FOUND', id: 'x' } };

  it('in production, an unexpected error keeps its path and code but not its message', () => {
    expect(formatError(true)(leaky)).toEqual({ message: 'internal error', path: ['child'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('in production, an error raised on purpose passes unchanged', () => {
    expect(formatError(true)(deliberate)).toBe(deliberate);
  });

  it('in development, everything passes unchanged', () => {
    expect(formatError(false)(leaky)).toBe(leaky);
  });

  it('a lost database connection is SERVICE_UNAVAILABLE, in every mode, without the driver text', () => {
    const lost = [
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      { message: 'Query failed', driverError: Object.assign(new Error('x'), { code: '08006' }) },
    ];
    for (const production of [true, false]) {
      for (const error of lost) {
        const wrapped = { originalError: error };
        expect(formatError(production)({ ...leaky, message: 'driver text' }, wrapped)).toEqual({
          message: 'the database is unavailable for now; retry in a moment',
          path: ['child'],
          locations: undefined,
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        });
      }
    }
    expect(formatError(false)(leaky, Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(leaky);
  });

  it('refuses stack traces in production', () => {
    expect(() => readErrorConfig({ NODE_ENV: 'production', INCLUDE_STACKTRACE: 'true' })).toThrow(
      'configuration error: INCLUDE_STACKTRACE must not be true when NODE_ENV=production',
    );
    expect(readErrorConfig({ NODE_ENV: 'production' })).toEqual({ includeStacktrace: false, production: true });
  });
});

describe('errors of the database and of the request', () => {
  const uncoded = { message: 'invalid byte sequence for encoding "UTF8": 0x00', path: ['createChild'], extensions: { code: 'INTERNAL_SERVER_ERROR' } };

  it("PostgreSQL's own error is 'internal error' in development too", () => {
    const driver = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021', severity: 'ERROR' });
    const typeorm = Object.assign(new Error('relation "cases.x" does not exist'), { name: 'QueryFailedError', driverError: driver });
    for (const production of [false, true]) {
      for (const error of [driver, { originalError: typeorm }]) {
        expect(formatError(production)(uncoded, error)).toEqual({
          message: 'internal error',
          path: ['createChild'],
          locations: undefined,
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
      }
    }
  });

  it("Apollo Server's codes for a request it cannot run pass in production", () => {
    for (const code of ['OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST', 'GRAPHQL_PARSE_FAILED', 'PERSISTED_QUERY_NOT_FOUND', 'SUBGRAPH_UNAVAILABLE']) {
      const error = { message: 'm', extensions: { code } };
      expect(formatError(true)(error)).toBe(error);
    }
  });

  it('a request Apollo refuses with a 4xx but no code is BAD_REQUEST, in every mode', () => {
    const formatted = { message: 'provided sha does not match query', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    const error = { message: formatted.message, extensions: { http: { status: 400 } } };
    for (const production of [false, true]) {
      expect(formatError(production)(formatted, error)).toEqual({ message: formatted.message, extensions: { code: 'BAD_REQUEST' } });
    }
  });
});
