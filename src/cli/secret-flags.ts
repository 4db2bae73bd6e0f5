/* eslint-disable @typescript-eslint/no-require-imports -- the sealer is loaded only when sealing (CLI start-up, issue 11) */
import { dataDirFromEnv } from '../core/data-dir';
import { PlaintextSecretError, SecretPolicy } from '../secrets/policy';
import type { SealingScope } from '../secrets/sealed-secrets/scope';
import { SEALED_SECRETS_CERT_ENV, SEALED_SECRETS_HASH_KEY_ENV } from '../secrets/sealing-env';

/** The sealing flags of `dataroaster synth`, as commander gives them. */
export interface SecretFlags {
  readonly sealCert?: string;
  readonly sealHashKey?: string;
  readonly sealScope?: SealingScope;
  readonly allowPlaintextSecrets?: boolean;
}

/** The secret policy the flags (and the environment) ask for: seal, plaintext on request, else refuse. */
export function secretPolicyFromFlags(flags: SecretFlags, env: NodeJS.ProcessEnv): SecretPolicy {
  if (flags.allowPlaintextSecrets) return { mode: 'plaintext' };
  const certificateFile = flags.sealCert ?? (env[SEALED_SECRETS_CERT_ENV] || undefined);
  if (certificateFile === undefined) return { mode: 'refuse' };
  // node-forge, node:crypto and the certificate parsing: only a sealing run needs them.
  const { loadSealingKeys } = require('../secrets/sealing-keys') as typeof import('../secrets/sealing-keys');
  const { createSealedSecretsSealer } = require('../secrets/sealed-secrets/sealer') as typeof import('../secrets/sealed-secrets/sealer');
  const keys = loadSealingKeys({
    certificateFile,
    hashKeyFile: flags.sealHashKey ?? (env[SEALED_SECRETS_HASH_KEY_ENV] || undefined),
    dataDir: dataDirFromEnv(env),
  });
  return { mode: 'seal', sealer: createSealedSecretsSealer({ ...keys, scope: flags.sealScope }) };
}

/** The engine's refusal, worded for the command line: which flag to pass. */
export function explainRefusal(err: unknown): unknown {
  if ((err as Error)?.name !== 'PlaintextSecretError') return err;
  const secrets = (err as PlaintextSecretError).secrets;
  return new PlaintextSecretError(
    secrets,
    `refusing to write Secret ${secrets.join(', ')} in plaintext: pass --seal-cert CERT.pem (kubeseal --fetch-cert) to seal it, or --allow-plaintext-secrets for a local experiment`,
  );
}
