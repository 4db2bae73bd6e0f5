import { toHttp } from '../../api-server/errors';
import {
  ConflictError,
  DeliveryError,
  GitAuthError,
  GitRemoteError,
  InstanceNotFoundError,
  PushRejectedError,
  ReviewProviderError,
} from '../../src/delivery';
import { SpecError } from '../../src/schema/errors';
import { PlaintextSecretError } from '../../src/secrets/policy';
import { SealedReferenceError } from '../../src/secrets/sealed-reference';
import { SecretHoistingError } from '../../src/secrets/stored-spec';

// The errors of the engine, the secrets and the delivery module, as the API answers them.
describe('errors of src/ map to HTTP by name', () => {
  const rows: [Error, number, string][] = [
    [new SpecError('yaml', [{ path: 'spec.worker.replicas', message: 'expected number, received string' }]), 400, 'invalid_input'],
    [new PlaintextSecretError(['trino/etl-credentials']), 400, 'invalid_input'],
    [new SealedReferenceError('Secret a/b key c refers to a sealed value'), 400, 'invalid_input'],
    [new SecretHoistingError('TrinoCluster/etl: cannot store this spec without its secret values'), 400, 'invalid_input'],
    [new InstanceNotFoundError('no TrinoCluster named "x"'), 404, 'not_found'],
    [new ConflictError('TrinoCluster/etl was changed by another writer'), 409, 'conflict'],
    [new GitRemoteError('the remote is unreachable: fatal: …'), 502, 'bad_gateway'],
    [new GitAuthError('the remote refused our credentials: …'), 502, 'bad_gateway'],
    [new PushRejectedError('push rejected by the remote: …'), 502, 'bad_gateway'],
    [new ReviewProviderError('POST https://api.github.com/…: HTTP 403: …', 403), 502, 'bad_gateway'],
    [new DeliveryError('delivery is closed'), 503, 'unavailable'],
  ];
  test.each(rows.map(([err, status, code]) => [err.name, status, err, code] as const))('%s → %i', (_name, status, err, code) => {
    expect(toHttp(err)).toEqual({ status, code, message: err.message, headers: {} });
  });

  test('a git failure the delivery module did not classify stays a hidden 500', () => {
    const raw = Object.assign(new Error('git push failed: https://robot:token@git.example.com'), { name: 'GitCommandError' });
    expect(toHttp(raw)).toEqual({ status: 500, code: 'internal', message: 'internal error', headers: {} });
  });
});
