import { PlaintextSecretError, SecretPolicy } from '../secrets/policy';
import { createSealedSecretsSealer } from '../secrets/sealed-secrets/sealer';
import { SealingScope } from '../secrets/sealed-secrets/scope';
import { loadSealingKeys, SEALED_SECRETS_CERT_ENV, SEALED_SECRETS_HASH_KEY_ENV } from '../secrets/sealing-keys';
import { UsageError } from './usage-error';

export const SECRET_FLAG_OPTIONS = {
  'seal-cert': { type: 'string' },
  'seal-hash-key': { type: 'string' },
  'seal-scope': { type: 'string' },
  'allow-plaintext-secrets': { type: 'boolean', default: false },
} as const;

export interface SecretFlags {
  readonly 'seal-cert'?: string;
  readonly 'seal-hash-key'?: string;
  readonly 'seal-scope'?: string;
  readonly 'allow-plaintext-secrets'?: boolean;
}

const SCOPES: readonly SealingScope[] = ['strict', 'namespace-wide', 'cluster-wide'];

/** The secret policy the flags (and the environment) ask for: seal, plaintext on request, else refuse. */
export function secretPolicyFromFlags(flags: SecretFlags, env: NodeJS.ProcessEnv): SecretPolicy {
  const certificateFile = flags['seal-cert'] ?? (env[SEALED_SECRETS_CERT_ENV] || undefined);
  const scope = flags['seal-scope'];
  if (scope !== undefined && !SCOPES.includes(scope as SealingScope)) throw new UsageError(`--seal-scope must be one of ${SCOPES.join(', ')} (got "${scope}")`);
  if (flags['allow-plaintext-secrets']) {
    if (flags['seal-cert'] !== undefined) throw new UsageError('--seal-cert and --allow-plaintext-secrets contradict each other: choose one');
    return { mode: 'plaintext' };
  }
  if (certificateFile === undefined) return { mode: 'refuse' };
  const keys = loadSealingKeys({
    certificateFile,
    hashKeyFile: flags['seal-hash-key'] ?? (env[SEALED_SECRETS_HASH_KEY_ENV] || undefined),
    dataDir: env.DATAROASTER_DATA_DIR || '.dataroaster',
  });
  return { mode: 'seal', sealer: createSealedSecretsSealer({ ...keys, scope: scope as SealingScope | undefined }) };
}

/** The engine's refusal, worded for the command line: which flag to pass. */
export function explainRefusal(err: unknown): unknown {
  if ((err as Error)?.name !== 'PlaintextSecretError') return err;
  const secrets = (err as PlaintextSecretError).secrets;
  return new PlaintextSecretError(secrets, `refusing to write Secret ${secrets.join(', ')} in plaintext: pass --seal-cert CERT.pem (kubeseal --fetch-cert) to seal it, or --allow-plaintext-secrets for a local experiment`);
}
