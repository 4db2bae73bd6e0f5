/**
 * JVM flags of a role that sets none: Trino's recommended G1 settings, exit (and restart) on
 * out-of-memory. No heap dump on OOM: it would fill the pod's emptyDir with a heap-sized file.
 * @see https://trino.io/docs/current/installation/deployment.html#jvm-config
 */
export const DEFAULT_JVM_OPTIONS: readonly string[] = [
  '-server',
  '-XX:+UseG1GC',
  '-XX:G1HeapRegionSize=32M',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-XX:+ExitOnOutOfMemoryError',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:ReservedCodeCacheSize=512M',
  '-XX:PerMethodRecompilationCutoff=10000',
  '-XX:PerBytecodeRecompilationCutoff=10000',
  '-Djdk.attach.allowAttachSelf=true',
  '-Djdk.nio.maxCachedBufferSize=2000000',
];

/** `jvm.config`: one flag per line, the heap first. */
export function renderJvmConfig(heap: string, options: readonly string[] | undefined): string {
  return [`-Xmx${heap}`, ...(options ?? DEFAULT_JVM_OPTIONS)].map((flag) => `${flag}\n`).join('');
}
