/** CPU and memory as Kubernetes quantities (`"500m"`, `"4Gi"`). */
export interface ResourceValues {
  readonly cpu?: string;
  readonly memory?: string;
}

/** Requests and limits as a spec gives them; any part may be missing. */
export interface ResourceSpec {
  readonly requests?: ResourceValues;
  readonly limits?: ResourceValues;
}

/** Requests and limits with every value set. */
export interface ResolvedResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

const SUFFIXES: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a Kubernetes quantity: cores for CPU (`"500m"` → 0.5), bytes for memory (`"4Gi"` → 4294967296). */
export function parseQuantity(quantity: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$/.exec(quantity);
  if (!match) throw new Error(`not a Kubernetes quantity: "${quantity}"`);
  return Number(match[1]) * SUFFIXES[match[2] ?? ''];
}

/**
 * Fills in missing requests and limits the way a JVM wants them:
 * - memory request = memory limit (a JVM sized from its limit must not be evicted below it);
 * - a missing CPU request follows the limit, a missing CPU limit is at least the request.
 * Values given are kept as written; `resourceProblems` reports a request above its limit.
 */
export function resolveJvmResources(given: ResourceSpec | undefined, defaults: ResolvedResources): ResolvedResources {
  const memoryLimit = given?.limits?.memory ?? given?.requests?.memory ?? defaults.limits.memory;
  const cpuRequest = given?.requests?.cpu ?? given?.limits?.cpu ?? defaults.requests.cpu;
  const cpuLimit = given?.limits?.cpu ?? larger(cpuRequest, defaults.limits.cpu);
  return {
    requests: { cpu: cpuRequest, memory: given?.requests?.memory ?? memoryLimit },
    limits: { cpu: cpuLimit, memory: memoryLimit },
  };
}

/** Requests above their limits (Kubernetes rejects those), as `cpu`/`memory` → message. */
export function resourceProblems(resources: ResolvedResources): Partial<Record<'cpu' | 'memory', string>> {
  const problems: Partial<Record<'cpu' | 'memory', string>> = {};
  for (const key of ['cpu', 'memory'] as const) {
    const { [key]: request } = resources.requests;
    const { [key]: limit } = resources.limits;
    if (parseQuantity(request) > parseQuantity(limit)) problems[key] = `request ${request} is above the limit ${limit}`;
  }
  return problems;
}

function larger(a: string, b: string): string {
  return parseQuantity(a) >= parseQuantity(b) ? a : b;
}
