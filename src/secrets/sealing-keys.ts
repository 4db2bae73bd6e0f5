import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadSealingKeyCommands } from './gitops-readme';
import { readSealingCertificate } from './sealed-secrets/certificate';
import { SEALED_SECRETS_CERT_ENV, SEALED_SECRETS_HASH_KEY_ENV } from './sealing-env';

export { SEALED_SECRETS_CERT_ENV, SEALED_SECRETS_HASH_KEY_ENV };
/** Folder under the data directory where generated sealing keys live. */
export const SEALING_KEYS_DIRECTORY = 'sealed-secrets';

export interface SealingKeys {
  readonly certificatePem: string;
  readonly hashKey: Buffer;
  /** Where the certificate was read from. */
  readonly certificateFile: string;
  /** True when this call generated the key pair (first start without a configured certificate). */
  readonly generated: boolean;
  /** The private key file, when DataRoaster generated the key pair. */
  readonly privateKeyFile?: string;
  /** For the start-up log and the GitOps repository README: how the cluster gets to unseal. */
  readonly instructions: string;
}

export interface SealingKeysOptions {
  /** Data directory; generated keys go to `<dataDir>/sealed-secrets/`. */
  readonly dataDir: string;
  /** The controller's certificate; without one a key pair is generated once under the data directory. */
  readonly certificateFile?: string;
  /** Hash key file. @default <dataDir>/sealed-secrets/hash.key, created once */
  readonly hashKeyFile?: string;
  /** RSA size of a generated key pair. @default 4096 */
  readonly bits?: number;
}

/** Sealing keys that cannot be read or are not usable. */
export class SealingKeysError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** `loadSealingKeys` configured from `DATAROASTER_SEALED_SECRETS_CERT` and `DATAROASTER_SEALED_SECRETS_HASH_KEY`. */
export function loadSealingKeysFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): SealingKeys {
  return loadSealingKeys({
    dataDir,
    certificateFile: env[SEALED_SECRETS_CERT_ENV] || undefined,
    hashKeyFile: env[SEALED_SECRETS_HASH_KEY_ENV] || undefined,
  });
}

/**
 * The keys sealing needs: the controller's certificate (configured, or generated once under the data
 * directory as `tls.crt` + `tls.key`, mode 0600) and the hash key (configured, or created once, 0600).
 */
export function loadSealingKeys(options: SealingKeysOptions): SealingKeys {
  const folder = join(options.dataDir, SEALING_KEYS_DIRECTORY);
  const hashKey = options.hashKeyFile !== undefined ? readHashKeyFile(options.hashKeyFile) : ensureHashKey(join(folder, 'hash.key'));
  if (options.certificateFile !== undefined) {
    const certificatePem = readText(options.certificateFile, 'sealing certificate');
    readSealingCertificate(certificatePem, options.certificateFile);
    return {
      certificatePem,
      hashKey,
      certificateFile: options.certificateFile,
      generated: false,
      instructions: configuredInstructions(options.certificateFile),
    };
  }
  const certificateFile = join(folder, 'tls.crt');
  const privateKeyFile = join(folder, 'tls.key');
  let generated = false;
  if (!existsSync(certificateFile)) {
    // Only tls.crt is needed to seal: a user may move tls.key into the cluster and delete it here.
    // Loaded here only: node-forge takes ~30 ms to load (bench/secrets.js), and only a first start without a certificate needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, on purpose
    const { createSealingKeyPair } = require('./sealed-secrets/key-pair') as typeof import('./sealed-secrets/key-pair');
    const pair = createSealingKeyPair({ bits: options.bits });
    makePrivateFolder(folder);
    writeAtomically(privateKeyFile, pair.privateKeyPem, 0o600);
    writeAtomically(certificateFile, pair.certificatePem, 0o644);
    generated = true;
  }
  const certificatePem = readText(certificateFile, 'sealing certificate');
  readSealingCertificate(certificatePem, certificateFile);
  return {
    certificatePem,
    hashKey,
    certificateFile,
    generated,
    privateKeyFile,
    instructions: generatedInstructions(certificateFile, privateKeyFile),
  };
}

/** A hash key file: its text, surrounding whitespace trimmed, is the key (at least 16 bytes). */
export function readHashKeyFile(file: string): Buffer {
  const key = Buffer.from(readText(file, 'sealing hash key').trim(), 'utf8');
  if (key.length < 16) throw new SealingKeysError(`${file}: sealing hash key has ${key.length} bytes, needs at least 16`);
  return key;
}

/** The hash key in `file`, created once (32 random bytes as hex, mode 0600) when missing. */
export function ensureHashKey(file: string): Buffer {
  if (!existsSync(file)) {
    makePrivateFolder(join(file, '..'));
    writeAtomically(file, `${randomBytes(32).toString('hex')}\n`, 0o600);
  }
  return readHashKeyFile(file);
}

function makePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
}

/** Written under a temporary name, then renamed: a crash never leaves half a key behind. */
function writeAtomically(file: string, text: string, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  chmodSync(temporary, mode); // the umask may have narrowed or the mode may be wider than asked
  renameSync(temporary, file);
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SealingKeysError(`${file}: cannot read ${what}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

function configuredInstructions(certificateFile: string): string {
  return `Secrets are sealed with the certificate in ${certificateFile}; the Sealed Secrets controller holding its private key unseals them.`;
}

/** How to make the cluster's controller unseal what this generated key pair sealed. */
export function generatedInstructions(certificateFile: string, privateKeyFile: string): string {
  return [
    `Secrets are sealed with a key pair DataRoaster generated: ${certificateFile} (certificate) and ${privateKeyFile} (private key, never commit it).`,
    'Load it into the Sealed Secrets controller (namespace kube-system here; use the one you installed it in) so it can unseal them:',
    ...loadSealingKeyCommands(certificateFile, privateKeyFile).map((command) => `  ${command}`),
    `Or seal with the controller's own key instead: kubeseal --fetch-cert > cert.pem, then set ${SEALED_SECRETS_CERT_ENV}=cert.pem.`,
  ].join('\n');
}
