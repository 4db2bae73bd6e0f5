import type { Registry } from '../core/component';
import type { BootstrapOptions } from '../gitops/bootstrap/options';
import type { SecretPolicy } from '../secrets/policy';
import type { WorkingClone } from './clone';
import type { DeliveryConfig } from './config';
import type { ReviewProvider } from './providers/provider';

/** pino-compatible: `log.info({ commit }, 'pushed')`. */
export interface DeliveryLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** What the writers share: the clone and everything needed to turn a change into a commit. */
export interface DeliveryContext {
  readonly config: DeliveryConfig;
  readonly clone: WorkingClone;
  readonly registry: Registry;
  readonly secrets?: SecretPolicy;
  readonly bootstrap: BootstrapOptions;
  readonly version: string;
  readonly log: DeliveryLogger;
  readonly provider?: ReviewProvider;
  readonly events: DeliveryEvents;
}

/** Things worth counting that happen inside a change (the API server turns them into metrics). */
export interface DeliveryEvents {
  /** A push was refused as non-fast-forward; the change is fetched and redone. */
  pushRetried?(): void;
}

export const silentLogger: DeliveryLogger = { info: () => undefined, warn: () => undefined };
