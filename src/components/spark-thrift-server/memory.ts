import { parseJvmSize } from '../../core/jvm';

const MIB = 2 ** 20;
/** Spark's own rule for off-heap room: 10% of the JVM memory, at least 384 MiB. */
const OVERHEAD_FACTOR = 0.1;
const MIN_OVERHEAD_MIB = 384;

/**
 * Memory of a pod running a Spark JVM of `memory` (`-Xmx`, e.g. `1g`): the JVM plus its overhead (given,
 * else Spark's rule), in MiB, so the heap always fits under the pod's limit as Spark sizes its own pods.
 */
export function podMemoryMiB(memory: string, overhead?: string): number {
  const heap = Math.ceil(parseJvmSize(memory) / MIB);
  const extra = overhead === undefined ? Math.max(MIN_OVERHEAD_MIB, Math.floor(heap * OVERHEAD_FACTOR)) : Math.ceil(parseJvmSize(overhead) / MIB);
  return heap + extra;
}
