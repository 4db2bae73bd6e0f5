import type { ResolvedResources } from '../../core/quantity';

/** The v1 API port, as the original served it. */
export const API_PORT = 8089;

/** Where the data volume is mounted: `DATAROASTER_DATA_DIR`. */
export const DATA_DIR = '/var/lib/dataroaster';

/** Where a configured sealing certificate is mounted. */
export const SEALING_CERT_DIR = '/etc/dataroaster/sealing';

/** The `node` user of the `node:*-bookworm-slim` images the Dockerfile builds on. */
export const SERVER_USER = { user: 1000, group: 1000 } as const;

export const DEFAULT_STORAGE_SIZE = '5Gi';

/**
 * The server stays under 150 MiB RSS after 1000 creates (BENCHMARKS.md); 512Mi leaves room for git and
 * bursts. Memory request = limit, so the pod is not evicted below what it may use.
 */
export const DEFAULT_RESOURCES: ResolvedResources = {
  requests: { cpu: '250m', memory: '512Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};

/** SIGTERM lets in-flight commits finish for up to DATAROASTER_SHUTDOWN_TIMEOUT (30s); the pod waits a bit longer. */
export const TERMINATION_GRACE_SECONDS = 45;
