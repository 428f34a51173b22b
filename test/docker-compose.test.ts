import { readConfig, repoPath, variables, VENDOR_TELEMETRY_OFF } from '@passerelle/common';
import { existsSync, readFileSync } from 'node:fs';
import { parse, YAMLSeq } from 'yaml';

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

  it('the image installs every workspace: each package.json is copied before npm ci', () => {
    const dockerfile = readFileSync(repoPath('Dockerfile'), 'utf8');
    const beforeInstall = dockerfile.slice(0, dockerfile.indexOf('RUN npm ci'));
    const workspaces = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    for (const w of workspaces) expect([w, beforeInstall.includes(`COPY ${w}/package.json ${w}/`)]).toEqual([w, true]);
  });
});

/**
 * docker-compose.replicas.yml, laid over docker-compose.yml: two replicas of every service, and
 * nginx (deploy/nginx.conf) the only address anyone is given. test/replicas.e2e.ts runs the same
 * topology as processes; this checks that the files say what it runs.
 */
describe('docker-compose.replicas.yml', () => {
  const overlay = parse(readFileSync(repoPath('docker-compose.replicas.yml'), 'utf8'), {
    merge: true,
    // Compose's `!reset` (drop the base file's value).
    customTags: [{ tag: '!reset', collection: 'seq', nodeClass: YAMLSeq, resolve: (seq: YAMLSeq) => seq }],
  }) as { services: Record<string, Service & { deploy?: { replicas?: number }; image?: string; volumes?: string[] }> };
  const nginx = readFileSync(repoPath('deploy/nginx.conf'), 'utf8');
  const LB: Record<string, string> = { gateway: '4000', cases: '4001', placements: '4002', partners: '4003' };

  it('runs two replicas of the gateway and of each subgraph', () => {
    for (const name of Object.keys(LB)) expect([name, overlay.services[name]!.deploy?.replicas]).toEqual([name, 2]);
    expect(Object.keys(overlay.services).sort()).toEqual(['cases', 'gateway', 'lb', 'partners', 'placements']);
  });

  it('gives every service the balancer’s address of each subgraph, never a replica’s', () => {
    for (const name of Object.keys(LB)) {
      for (const s of SUBGRAPHS) {
        expect(overlay.services[name]!.environment![s.urlVariable]).toBe(`http://lb:${services[s.name]!.environment![s.portVariable]}/graphql`);
      }
    }
  });

  it('balances each service on its own port over all its replicas, re-resolved, and publishes only the gateway', () => {
    expect(nginx).toMatch(/resolver 127\.0\.0\.11 /);
    for (const [name, port] of Object.entries(LB)) {
      const servicePort = name === 'gateway' ? services.gateway!.environment!.GATEWAY_PORT : services[name]!.environment![SUBGRAPHS.find((s) => s.name === name)!.portVariable];
      expect(port).toBe(servicePort);
      expect(nginx).toMatch(new RegExp(`upstream ${name} +\\{ zone ${name} \\d+k; +server ${name}:${port} resolve; +keepalive \\d+; \\}`));
      expect(nginx).toContain(`server { listen ${port}; location / { proxy_pass http://${name}; } }`);
    }
    expect(overlay.services.gateway!.ports).toEqual([]);
    expect(overlay.services.lb!.ports).toEqual(['4000:4000']);
    expect(overlay.services.lb!.volumes).toEqual(['./deploy/nginx.conf:/etc/nginx/nginx.conf:ro']);
    // `resolve` in an upstream needs nginx ≥ 1.27.3 (open source).
    expect(overlay.services.lb!.image).toMatch(/^nginx:1\.(2[89]|[3-9]\d)/);
  });
});

