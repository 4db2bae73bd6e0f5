const MIB_PER_UNIT: Record<string, number> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };

/** MiB of a Spark memory size (`512m`, `2g`), rounded up. */
export function sparkMemoryMiB(size: string): number {
  const match = /^([0-9]+)([kmgt])$/i.exec(size);
  if (!match) throw new Error(`not a Spark memory size: "${size}"`);
  return Math.ceil(Number(match[1]) * MIB_PER_UNIT[match[2].toLowerCase()]);
}

/** Spark's minimum off-heap overhead and share of the heap (`spark.driver.memoryOverheadFactor`). */
const MIN_OVERHEAD_MIB = 384;
const OVERHEAD_FACTOR = 0.1;

/**
 * Memory of a pod that runs a Spark JVM itself (the Streaming driver), as Spark sizes the pods it
 * starts: heap + overhead, request = limit.
 */
export function sparkPodMemory(memory: string, overhead: string | undefined): string {
  const heap = sparkMemoryMiB(memory);
  const offHeap = overhead === undefined ? Math.max(MIN_OVERHEAD_MIB, Math.ceil(heap * OVERHEAD_FACTOR)) : sparkMemoryMiB(overhead);
  return `${heap + offHeap}Mi`;
}
