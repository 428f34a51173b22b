import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, readConfig, variables } from './config';

describe('configuration from the environment', () => {
  it('uses the documented defaults when a variable is unset or empty', () => {
    const config = readConfig(['GATEWAY_PORT', 'CASES_PORT', 'HOST', 'DATABASE_URL'], { CASES_PORT: '' });
    expect(config).toEqual({ GATEWAY_PORT: 4000, CASES_PORT: 4001, HOST: '127.0.0.1', DATABASE_URL: undefined });
  });

  it('reads and converts set values', () => {
    const config = readConfig(['GATEWAY_PORT', 'DATABASE_URL', 'INCLUDE_STACKTRACE'], {
      GATEWAY_PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/x',
      INCLUDE_STACKTRACE: 'yes',
    });
    expect(config).toEqual({ GATEWAY_PORT: 8080, DATABASE_URL: 'postgres://u@db:5432/x', INCLUDE_STACKTRACE: true });
  });

  it.each([
    ['GATEWAY_PORT', 'abc', /GATEWAY_PORT must be a TCP port number.*"abc"/],
    ['GATEWAY_PORT', '70000', /GATEWAY_PORT must be a TCP port/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must use postgres: or postgresql:/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a URL/],
    ['SEED_CHILDREN', '-3', /SEED_CHILDREN must be a whole number/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of silent, error, info, debug/],
    ['INCLUDE_STACKTRACE', 'maybe', /INCLUDE_STACKTRACE must be true or false/],
  ] as const)('refuses %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => readConfig([name], { [name]: value })).toThrow(ConfigError);
    expect(() => readConfig([name], { [name]: value })).toThrow(message);
  });

  it('documents every variable', () => {
    for (const spec of Object.values(variables)) expect(spec.doc.length).toBeGreaterThan(10);
  });

  it('a service given a bad value stops with one line naming the variable', () => {
    // Needs the compiled services (`npm test` builds first).
    const main = path.resolve(__dirname, '../../../gateway/dist/main.js');
    const result = spawnSync(process.execPath, [main], {
      env: { ...process.env, GATEWAY_PORT: 'four-thousand' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(2); // an expected failure: one line, exit code 2 (issue 12)
    expect(result.stderr.trim().split('\n')).toEqual([
      'configuration error: GATEWAY_PORT must be a TCP port number (0-65535), got "four-thousand"',
    ]);
  });
});
