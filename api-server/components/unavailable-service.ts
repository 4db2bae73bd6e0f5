import { UnavailableError } from '../errors';
import type { ComponentService } from './types';

/**
 * Stands in for the component service until the GitOps delivery module is wired in: every component
 * call answers 503 saying so, and readiness reports the Git side as not ready.
 */
export function unavailableComponentService(reason: string): ComponentService {
  const fail = async (): Promise<never> => {
    throw new UnavailableError(reason);
  };
  return { create: fail, list: fail, remove: fail, checkRemote: fail, close: async () => undefined };
}
