/** Share of the container memory limit given to the JVM heap when none is set (Stackable uses 0.8 too). */
export const DEFAULT_HEAP_FRACTION = 0.8;

const UNITS: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** Bytes of a JVM size as `-Xmx` takes it: `8G`, `6144m`, `512k`, `1073741824` (binary units). */
export function parseJvmSize(size: string): number {
  const match = /^([0-9]+)([kKmMgGtT]?)$/.exec(size);
  if (!match) throw new Error(`not a JVM size: "${size}"`);
  return Number(match[1]) * UNITS[match[2].toLowerCase()];
}

/** Whether `size` is a JVM size `parseJvmSize` accepts. */
export function isJvmSize(size: string): boolean {
  return /^[0-9]+[kKmMgGtT]?$/.test(size);
}

/** A JVM size for `bytes`, rounded down to whole MiB: `G` when it is whole GiB, else `M` (`3276M`). */
export function formatJvmSize(bytes: number): string {
  const mib = Math.floor(bytes / 2 ** 20);
  return mib % 1024 === 0 ? `${mib / 1024}G` : `${mib}M`;
}

/** The heap for a memory limit: `fraction` of it, rounded down to whole MiB, leaving room for off-heap memory. */
export function heapForMemoryLimit(limitBytes: number, fraction = DEFAULT_HEAP_FRACTION): string {
  return formatJvmSize(limitBytes * fraction);
}
