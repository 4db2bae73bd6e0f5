import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { RECONCILER_SCRIPT } from '../../../src/components/trino-gateway/reconciler-script';
import { gatewayDoc, load, synth, trinoDoc } from './fixtures';

interface Backend {
  name: string;
  proxyTo: string;
  externalUrl: string;
  routingGroup: string;
  active: boolean;
}

/**
 * A stand-in for trino-gateway release 20's backend API, answering as its sources do:
 * - every /gateway path needs the API role: Basic auth of a preset user (BasicAuthFilter), else 401;
 * - GET /gateway/backend/all lists ProxyBackendConfiguration JSON (GatewayResource.getAllBackends);
 * - POST /gateway/backend/modify/update upserts (HaGatewayManager.updateBackend): active defaults to true,
 *   routingGroup to "adhoc", externalUrl to proxyTo, trailing slashes stripped; name/proxyTo required;
 * - POST /gateway/backend/modify/delete takes the raw name as body (HaGatewayResource.removeBackend).
 */
class StandInGateway {
  readonly table = new Map<string, Backend>();
  readonly writes: string[] = [];
  /** Answer 503 to this many requests first, as a gateway still starting behind its Service would. */
  unavailable = 0;
  private server!: Server;
  url = '';

  constructor(
    private readonly user: string,
    private readonly password: string,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      // A handler that fails answers 500 instead of leaving an unhandled rejection.
      void (async () => {
        const body = await read(req);
        const answer = (status: number, payload?: unknown) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(payload === undefined ? '' : JSON.stringify(payload));
        };
        if (this.unavailable > 0) return (this.unavailable--, answer(503, { error: 'starting' }));
        if (req.headers.authorization !== `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`) return answer(401);
        const strip = (url?: string) => url?.replace(/\/+$/, '');
        if (req.method === 'GET' && req.url === '/gateway/backend/all') return answer(200, [...this.table.values()]);
        if (req.method === 'POST' && req.url === '/gateway/backend/modify/update') {
          if (req.headers['content-type'] !== 'application/json') return answer(415);
          const b = JSON.parse(body);
          if (!b.name || !b.proxyTo) return answer(400, { error: 'Backend name cannot be null' });
          const stored = {
            name: b.name,
            proxyTo: strip(b.proxyTo)!,
            externalUrl: strip(b.externalUrl ?? b.proxyTo)!,
            routingGroup: b.routingGroup ?? 'adhoc',
            active: b.active ?? true,
          };
          this.table.set(b.name, stored);
          this.writes.push(`update ${b.name}`);
          return answer(200, stored);
        }
        if (req.method === 'POST' && req.url === '/gateway/backend/modify/delete') {
          this.table.delete(body);
          this.writes.push(`delete ${body}`);
          return answer(200);
        }
        const toggle = /^\/gateway\/backend\/(activate|deactivate)\/([^/]+)$/.exec(req.url ?? '');
        if (req.method === 'POST' && toggle && this.table.has(toggle[2])) {
          this.table.get(toggle[2])!.active = toggle[1] === 'activate';
          return answer(200);
        }
        answer(404);
      })().catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'gateway-reconciler-'));
const script = join(dir, 'reconcile.js');
writeFileSync(script, RECONCILER_SCRIPT);

/** Runs the real script with node, as the Job's container does, against `gateway` with `backends`. */
function reconcile(gateway: StandInGateway, backends: unknown, password = 'secret'): Promise<{ code: number; output: string }> {
  const file = join(dir, `backends-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(backends));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script],
      {
        env: { GATEWAY_URL: gateway.url, BACKENDS_FILE: file, GATEWAY_USER: 'reconciler', GATEWAY_PASSWORD: password, WAIT_SECONDS: '20' },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr });
      },
    );
  });
}

/** The backends.json the synthesized reconciler ConfigMap holds for a gateway spec. */
function declared(spec: Record<string, unknown> = {}): Backend[] {
  const { byName } = synth(load(trinoDoc(), gatewayDoc(spec)));
  return JSON.parse(byName['ConfigMap/gateway-backends'].data['backends.json']);
}

describe('the backend reconciler against a stand-in gateway', () => {
  let gateway: StandInGateway;
  beforeEach(async () => {
    gateway = new StandInGateway('reconciler', 'secret');
    await gateway.start();
  });
  afterEach(() => gateway.stop());

  test('upserts every declared backend, then a second run writes nothing', async () => {
    const backends = declared();
    const first = await reconcile(gateway, backends);
    expect(first.code).toBe(0);
    expect([...gateway.table.values()]).toEqual(backends);
    expect(gateway.writes).toEqual(['update etl', 'update shared']);
    const second = await reconcile(gateway, backends);
    expect(second.code).toBe(0);
    expect(second.output).toContain('0 change(s)');
    expect(gateway.writes).toHaveLength(2);
  });

  test('deactivating a backend in the spec deactivates it in the gateway; hand-made drift is repaired', async () => {
    await reconcile(gateway, declared());
    const spec = gatewayDoc();
    (spec.spec as any).backends[0].active = false;
    const deactivated = declared(spec.spec as Record<string, unknown>);
    expect((await reconcile(gateway, deactivated)).code).toBe(0);
    expect(gateway.table.get('etl')!.active).toBe(false);
    expect(gateway.table.get('shared')!.active).toBe(true);
    // Someone re-activates it and moves the other to another group in the UI: the next (CronJob) run puts them back.
    gateway.table.get('etl')!.active = true;
    gateway.table.get('shared')!.routingGroup = 'etl';
    expect((await reconcile(gateway, deactivated)).code).toBe(0);
    expect([...gateway.table.values()]).toEqual(deactivated);
  });

  test('deletes the backends nobody declares (removed from the spec, or added by hand)', async () => {
    await reconcile(gateway, declared());
    gateway.table.set('manual', {
      name: 'manual',
      proxyTo: 'http://manual:8080',
      externalUrl: 'http://manual:8080',
      routingGroup: 'adhoc',
      active: true,
    });
    const onlyEtl = declared({ backends: [{ name: 'etl', routingGroup: 'etl', trinoClusterRef: 'etl' }], routing: { rules: [] } });
    const run = await reconcile(gateway, onlyEtl);
    expect(run.code).toBe(0);
    expect([...gateway.table.keys()]).toEqual(['etl']);
    expect(gateway.writes.slice(2).sort()).toEqual(['delete manual', 'delete shared']);
  });

  test('waits while the gateway is starting, and fails at once on a wrong password', async () => {
    gateway.unavailable = 2;
    const waited = await reconcile(gateway, declared());
    expect(waited.code).toBe(0);
    expect(waited.output).toContain('gateway not ready');
    const refused = await reconcile(gateway, declared(), 'wrong');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('answered 401');
  });
});
