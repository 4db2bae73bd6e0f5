import type { Component } from '../engine/component';
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
  readonly components: readonly Component<any>[];
  readonly secrets?: SecretPolicy;
  readonly bootstrap: BootstrapOptions;
  readonly version: string;
  readonly log: DeliveryLogger;
  readonly provider?: ReviewProvider;
}

export const silentLogger: DeliveryLogger = { info: () => undefined, warn: () => undefined };
