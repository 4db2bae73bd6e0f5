/** A dependency check for `/readyz`: resolves when the dependency answers, throws otherwise. */
export type ReadinessCheck = () => void | Promise<void>;

export interface Readiness {
  readonly ready: boolean;
  /** `ok`, or why the check failed. */
  readonly checks: Readonly<Record<string, string>>;
}

/** Runs every check at once, each bounded by `timeoutMs`, so a hung remote cannot hang the probe. */
export async function checkReadiness(checks: Readonly<Record<string, ReadinessCheck>>, timeoutMs: number): Promise<Readiness> {
  const names = Object.keys(checks).sort();
  const outcomes = await Promise.all(names.map((name) => withTimeout(checks[name], timeoutMs)));
  return {
    ready: outcomes.every((o) => o === 'ok'),
    checks: Object.fromEntries(names.map((name, i) => [name, outcomes[i]])),
  };
}

async function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([
      Promise.resolve()
        .then(check)
        .then(() => 'ok', describe),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The message of whatever was thrown (not `instanceof Error`: native addons may throw from another realm). */
function describe(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}
