import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import request from 'supertest';

import { App, createApp } from '../../../api-server/app';
import { Auth, createAuth } from '../../../api-server/auth/create-auth';
import type { Role } from '../../../api-server/auth/roles';
import type { ComponentService } from '../../../api-server/components/types';
import type { LoginThrottleConfig } from '../../../api-server/config';
import { Database, DatabaseConfig, openDatabase } from '../../../api-server/database';
import { createLogger } from '../../../api-server/logging';
import { createMetrics, Metrics } from '../../../api-server/system/metrics';
import type { ReadinessCheck } from '../../../api-server/system/readiness';
import type { Registry } from '../../../src/core/component';
import { FakeComponents } from './fake-components';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface TestAppOptions {
  readonly components?: ComponentService;
  readonly bodyLimitBytes?: number;
  readonly componentRoles?: Readonly<Record<string, Role>>;
  readonly tokenTtlSeconds?: number;
  readonly throttle?: LoginThrottleConfig;
  /** @default a SQLite file in the app's temp dir */
  readonly database?: DatabaseConfig;
  readonly trustedProxyHops?: number;
  readonly passwordPool?: { threads: number; maxQueue: number };
  /** @default 10 (the lowest allowed: fast tests) */
  readonly bcryptCost?: number;
  readonly readiness?: Readonly<Record<string, ReadinessCheck>>;
  readonly readinessTimeoutMs?: number;
  /** The components whose endpoints are served. @default REGISTRY */
  readonly registry?: Registry;
}

/** A real app on a real database (a SQLite file in a temp dir, or PostgreSQL), with a settable clock and captured logs. */
export class TestApp {
  readonly dir = mkdtempSync(join(tmpdir(), 'dataroaster-api-'));
  readonly database: Database;
  readonly auth: Auth;
  readonly app: App;
  readonly metrics: Metrics;
  readonly components: ComponentService;
  readonly logLines: string[] = [];
  clock = Date.parse('2030-01-01T00:00:00Z');

  constructor(options: TestAppOptions = {}) {
    this.database = openDatabase(options.database ?? { kind: 'sqlite', file: join(this.dir, 'dataroaster.sqlite') });
    this.auth = createAuth(this.database, {
      bcryptCost: options.bcryptCost ?? 10,
      passwordPool: options.passwordPool,
      tokenTtlSeconds: options.tokenTtlSeconds ?? 36000,
      throttle: options.throttle ?? { maxFailures: 5, maxFailuresPerAddress: 20, firstDelaySeconds: 15, windowSeconds: 900 },
      now: () => this.clock,
    });
    this.metrics = createMetrics();
    this.components = options.components ?? new FakeComponents();
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    this.app = createApp({
      sessions: this.auth.sessions,
      userAdmin: this.auth.userAdmin,
      components: this.components,
      metrics: this.metrics,
      log: createLogger('debug', sink),
      readiness: options.readiness ?? { database: () => this.database.ping(), git: () => this.components.checkRemote() },
      readinessTimeoutMs: options.readinessTimeoutMs,
      bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
      componentRoles: options.componentRoles ?? {},
      trustedProxyHops: options.trustedProxyHops ?? 0,
      version: '0.0.0-test',
      registry: options.registry,
    });
  }

  get fake(): FakeComponents {
    if (!(this.components instanceof FakeComponents)) throw new Error('not a fake');
    return this.components;
  }

  http() {
    return request(this.app.koa.callback());
  }

  async addUser(name: string, password: string, role: Role): Promise<void> {
    await this.auth.users.insert({ name, role, passwordHash: await this.auth.hasher.hash(password) });
  }

  async login(user: string, password: string): Promise<string> {
    const res = await this.http().post('/v1/login').type('form').send({ user, password });
    if (res.status !== 200) throw new Error(`login ${user} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }

  /** An admin (`admin`) and a user (`alice`), logged in. */
  async withUsers(): Promise<{ admin: string; user: string }> {
    await this.addUser('admin', ADMIN_PASSWORD, 'admin');
    await this.addUser('alice', 'alice-password', 'user');
    return { admin: await this.login('admin', ADMIN_PASSWORD), user: await this.login('alice', 'alice-password') };
  }

  async close(): Promise<void> {
    await this.auth.close();
    await this.database.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
