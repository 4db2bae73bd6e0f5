import type { ServerEnvName } from '../schema/server-env';

/** Path of a PEM certificate (as `kubeseal --fetch-cert` prints) of the cluster's sealed-secrets controller. */
export const SEALED_SECRETS_CERT_ENV: ServerEnvName = 'DATAROASTER_SEALED_SECRETS_CERT';
/** Path of the key of the hashes kept beside sealed values. @default <dataDir>/sealed-secrets/hash.key */
export const SEALED_SECRETS_HASH_KEY_ENV: ServerEnvName = 'DATAROASTER_SEALED_SECRETS_HASH_KEY';
