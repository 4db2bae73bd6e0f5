import { InputError, NotFoundError } from '../errors';
import type { ComponentEndpoint } from './endpoints';
import type { InstanceSummary } from './types';

/**
 * The instance a delete without `name` means: the only one, as in the original API (which had one
 * instance per component). With several, the caller must choose; nothing is deleted by default.
 */
export function pickInstance(endpoint: ComponentEndpoint, instances: readonly InstanceSummary[]): string {
  if (instances.length === 0) throw new NotFoundError(`no ${endpoint.component} instance to delete`);
  if (instances.length > 1) {
    const names = instances
      .map((i) => i.name)
      .sort()
      .join(', ');
    throw new InputError(`several ${endpoint.component} instances exist (${names}): pass parameter 'name'`);
  }
  return instances[0].name;
}
