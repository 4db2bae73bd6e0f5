import type { Logger } from 'pino';

import { createDelivery, Delivery, deliveryConfigFromEnv } from '../../src/delivery';
import type { Sealer } from '../../src/secrets/policy';
import type { Metrics } from '../system/metrics';

export interface ComponentDeliveryOptions {
  /** The server's data directory: the working clone, the default bare remote and the sealing keys live here. */
  readonly dataDir: string;
  /** Git and sealing settings (`DATAROASTER_GIT_*`, `DATAROASTER_REVIEW`, `DATAROASTER_SEALED_SECRETS_*`). */
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Seals every Secret (api-server/sealing.ts: the controller's certificate, or a key pair of a single server). */
  readonly sealer: Sealer;
}

/**
 * The GitOps delivery the component endpoints commit through (not started yet): every Secret sealed
 * (the server never writes plaintext), with the controller's certificate or, on a first start without
 * one, a key pair generated in the data directory — the log then says how to give it to the cluster.
 * Throws on a bad variable or unreadable keys, before the server does anything else.
 */
export function createComponentDelivery({ dataDir, env, log, metrics, sealer }: ComponentDeliveryOptions): Delivery {
  const config = deliveryConfigFromEnv({ ...env, DATAROASTER_DATA_DIR: dataDir });
  return createDelivery({
    config,
    secrets: { mode: 'seal', sealer },
    log: log.child({ module: 'delivery' }),
    events: { pushRetried: () => metrics.pushRetries.inc() },
  });
}
