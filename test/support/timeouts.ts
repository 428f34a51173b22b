/**
 * How long a test file's setup (beforeAll: a test stack, its seed, a database, a process) may take
 * on a loaded two-core machine, well above what it takes alone. Setups must not run under the
 * per-test timeout (jest.config.js `testTimeout`), which applies to hooks that name no timeout.
 * test/suite-hygiene.test.ts checks that every e2e beforeAll gives one.
 */
export const SETUP_TIMEOUT_MS = 300_000;
