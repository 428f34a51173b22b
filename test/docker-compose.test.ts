import { readConfig, repoPath, variables, VENDOR_TELEMETRY_OFF } from '@passerelle/common';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * Docker does not run on these machines, so the compose file is checked by reading it: its
 * services, ports and variables must agree with what the code reads.
 */
interface Service {
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(repoPath('docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;

const SUBGRAPHS = [
  { name: 'cases', portVariable: 'CASES_PORT', urlVariable: 'CASES_URL' },
  { name: 'placements', portVariable: 'PLACEMENTS_PORT', urlVariable: 'PLACEMENTS_URL' },
  { name: 'partners', portVariable: 'PARTNERS_PORT', urlVariable: 'PARTNERS_URL' },
] as const;

describe('docker-compose.yml', () => {
  it('has PostgreSQL, the three subgraphs and the gateway, built from the Dockerfile', () => {
    expect(Object.keys(services).sort()).toEqual(['cases', 'gateway', 'partners', 'placements', 'postgres', 'seed']);
    expect(existsSync(repoPath('Dockerfile'))).toBe(true);
    for (const name of ['cases', 'placements', 'partners', 'gateway', 'seed']) expect(services[name]!.build).toBe('.');
  });

  it('sets only variables the code reads, with values the code accepts', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'postgres') continue;
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (key in VENDOR_TELEMETRY_OFF) continue; // read by libraries, not by Passerelle's configuration
        expect(Object.keys(variables)).toContain(key);
        expect(() => readConfig([key as keyof typeof variables], { [key]: String(value) })).not.toThrow();
      }
    }
  });

  it('runs each service’s compiled main, which exists in the source', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'postgres') continue;
      const script = service.command![1]!;
      expect(script).toMatch(/\/dist\/[a-z-]+\.js$/);
      expect(existsSync(repoPath(script.replace('/dist/', '/src/').replace(/\.js$/, '.ts')))).toBe(true);
    }
  });

  it.each(SUBGRAPHS)('$name listens on the port the gateway calls and its healthcheck polls /ready', (subgraph) => {
    const service = services[subgraph.name]!;
    const port = service.environment![subgraph.portVariable];
    expect(service.environment!.HOST).toBe('0.0.0.0');
    expect(service.environment!.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(services.gateway!.environment![subgraph.urlVariable]).toBe(`http://${subgraph.name}:${port}/graphql`);
    expect(service.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${port}/ready`);
    expect(service.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    // Its peers (row scopes) are where the gateway finds them.
    for (const peer of SUBGRAPHS) {
      expect(service.environment![peer.urlVariable]).toBe(services.gateway!.environment![peer.urlVariable]);
    }
    expect(services.gateway!.depends_on![subgraph.name]).toEqual({ condition: 'service_healthy' });
  });

  it('turns vendor telemetry off in every Passerelle service and in the image (issue 17)', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'postgres') continue;
      expect([name, service.environment]).toEqual([name, expect.objectContaining(VENDOR_TELEMETRY_OFF)]);
    }
    const env = readFileSync(repoPath('Dockerfile'), 'utf8').split('\nFROM ').pop()!.match(/^ENV (.+)$/m)![1]!;
    for (const [key, value] of Object.entries(VENDOR_TELEMETRY_OFF)) expect(env.split(/\s+/)).toContain(`${key}=${value}`);
  });

  it('gives the gateway and every subgraph the same principal signing key', () => {
    const keys = ['gateway', 'cases', 'placements', 'partners'].map((n) => services[n]!.environment!.PRINCIPAL_SIGNING_KEY);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]!.length).toBeGreaterThanOrEqual(32);
  });

  it('publishes the gateway on its configured port', () => {
    const gateway = services.gateway!;
    const port = gateway.environment!.GATEWAY_PORT;
    expect(gateway.ports).toEqual([`${port}:${port}`]);
    expect(gateway.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${port}/ready`);
  });

  it('gives the database the credentials the services use', () => {
    const env = services.postgres!.environment!;
    const url = new URL(services.cases!.environment!.DATABASE_URL!);
    expect([url.username, url.password, url.pathname.slice(1)]).toEqual([
      env.POSTGRES_USER,
      env.POSTGRES_PASSWORD,
      env.POSTGRES_DB,
    ]);
  });
});
