import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import { renderProperties } from '../common/properties';
import { TRINO_CONFIG_DIR } from './checks';
import type { CredentialStore } from './credentials';
import { renderJvmConfig } from './jvm-config';
import type { TrinoRole } from './role-schema';
import type { TrinoClusterSpec } from './schema';
import { roleSizing } from './sizing';

/** Where nodes keep spill, logs and state: an emptyDir (the root filesystem is read-only). */
export const DATA_DIR = '/data/trino';
/** Env var holding the internal-communication shared secret. */
export const SHARED_SECRET_ENV = 'TRINO_INTERNAL_SHARED_SECRET';

export type RoleName = 'coordinator' | 'worker';

/** The files of one role's ConfigMap and what mounting them needs. */
export interface RoleConfig {
  /** ConfigMap `data`. */
  readonly data: Record<string, string>;
  /** Keys mounted as files in TRINO_CONFIG_DIR. */
  readonly configFiles: readonly string[];
  /** Escape-hatch files: ConfigMap key → absolute path (mounted with subPath). */
  readonly extraFiles: readonly { readonly key: string; readonly path: string }[];
  /** Env vars the properties reference with `${ENV:…}`. */
  readonly env: readonly k8s.EnvVar[];
}

export interface RoleConfigContext {
  readonly spec: TrinoClusterSpec['spec'];
  /** The coordinator's URL as workers reach it, e.g. `http://etl.analytics.svc:8080`. */
  readonly coordinatorUrl: string;
  readonly credentials: CredentialStore;
}

/** node.properties, config.properties, jvm.config, log.properties (+ worker access control) of a role. */
export function roleConfig(role: RoleName, ctx: RoleConfigContext): RoleConfig {
  const { spec } = ctx;
  const settings: TrinoRole = spec[role];
  const managed = role === 'coordinator' ? coordinatorProperties(spec) : workerProperties(spec, ctx.coordinatorUrl);
  const overrides = ctx.credentials.hide(settings.config, {
    keyPrefix: `${role}.`,
    envPrefix: `${role === 'coordinator' ? 'COORDINATOR' : 'WORKER'}_`,
  });
  const data: Record<string, string> = {
    'node.properties': renderProperties({ ...spec.nodeProperties, 'node.environment': spec.environment, 'node.data-dir': DATA_DIR }),
    'config.properties': renderProperties({
      ...managed,
      'http-server.http.port': String(spec.httpPort),
      'internal-communication.shared-secret': `\${ENV:${SHARED_SECRET_ENV}}`,
      ...overrides.properties,
    }),
    'jvm.config': renderJvmConfig(roleSizing(settings).heap, settings.jvm?.options),
    'log.properties': renderProperties({ ...(settings.logLevels ?? { 'io.trino': 'INFO' }) }),
  };
  // Graceful shutdown is refused by Trino's default access control; workers only serve tasks the
  // coordinator already authorized, so allow-all there only opens the shutdown endpoint (kept to
  // the instance's own pods by the worker NetworkPolicy).
  if (role === 'worker') data['access-control.properties'] = renderProperties({ 'access-control.name': 'allow-all' });
  const configFiles = Object.keys(data);
  const extraFiles = settings.files.map((file, i) => ({ key: `file-${i}-${file.path.split('/').pop()}`, path: file.path }));
  settings.files.forEach((file, i) => (data[extraFiles[i].key] = file.content));
  return { data, configFiles, extraFiles, env: overrides.env };
}

function coordinatorProperties(spec: TrinoClusterSpec['spec']): Record<string, string> {
  return {
    coordinator: 'true',
    'node-scheduler.include-coordinator': 'false',
    // The coordinator announces itself to its own discovery server.
    'discovery.uri': `http://localhost:${spec.httpPort}`,
    // Clients reach the coordinator through a Trino gateway or an ingress, which add X-Forwarded-* headers.
    // Airlift's default (REJECT, RejectForwardedRequestCustomizer) answers those requests 406, and without the
    // headers Trino's nextUri would point past the proxy. Overridable in spec.coordinator.config.
    'http-server.process-forwarded': 'true',
  };
}

function workerProperties(spec: TrinoClusterSpec['spec'], coordinatorUrl: string): Record<string, string> {
  return {
    coordinator: 'false',
    'discovery.uri': coordinatorUrl,
    'shutdown.grace-period': `${spec.worker.gracefulShutdown.gracePeriodSeconds}s`,
  };
}

export { TRINO_CONFIG_DIR };
