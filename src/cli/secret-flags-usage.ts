import { SEALED_SECRETS_CERT_ENV, SEALED_SECRETS_HASH_KEY_ENV } from '../secrets/sealing-env';

/** Help text of the sealing flags; kept apart from their handling so `dataroaster help` loads no crypto. */
export const SECRET_FLAGS_USAGE = `  --seal-cert CERT.pem       seal Secrets into SealedSecrets with this controller certificate
                             (kubeseal --fetch-cert; default $${SEALED_SECRETS_CERT_ENV})
  --seal-hash-key FILE       key of the hashes that keep unchanged ciphertexts (default
                             $${SEALED_SECRETS_HASH_KEY_ENV}, else $DATAROASTER_DATA_DIR/sealed-secrets/hash.key,
                             created once; DATAROASTER_DATA_DIR defaults to .dataroaster)
  --seal-scope SCOPE         strict (default), namespace-wide or cluster-wide
  --allow-plaintext-secrets  write Secrets unsealed (local experiments only; never commit them)`;
