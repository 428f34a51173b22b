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

  it('refuses stack traces in production', () => {
    expect(() => readErrorConfig({ NODE_ENV: 'production', INCLUDE_STACKTRACE: 'true' })).toThrow(
      'configuration error: INCLUDE_STACKTRACE must not be true when NODE_ENV=production',
    );
    expect(readErrorConfig({ NODE_ENV: 'production' })).toEqual({ includeStacktrace: false, production: true });
  });
});
