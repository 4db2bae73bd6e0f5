import { looksLikeCredential, nameWords } from '../../src/schema/credential-names';

describe('looksLikeCredential', () => {
  test('splits camelCase, kebab, snake and dotted names into words', () => {
    expect(nameWords('fs.s3a.secretKey')).toEqual(['fs', 's3a', 'secret', 'key']);
    expect(nameWords('tls-private_key')).toEqual(['tls', 'private', 'key']);
  });

  test.each([
    'password',
    'rootPassword',
    'admin-password',
    'DB_PASSWORD',
    'passwd',
    'secret',
    'clientSecret',
    'token',
    'authToken',
    'credentials',
    'apiKey',
    'api_key',
    'accessKey',
    'secretKey',
    'privateKey',
    'tls-key',
    'spark.hadoop.fs.s3a.access.key',
    'spark.ssl.keyStorePassword',
    'spark.kubernetes.authenticate.submission.oauthToken',
    'apikey',
  ])('%s looks like a credential', (name) => {
    expect(looksLikeCredential(name)).toBe(true);
  });

  test.each([
    'key',
    'topologyKey',
    'valuesKey',
    'sortKey',
    'publicKey',
    'existingSecret',
    'existingSecretPasswordKey',
    'secretName',
    'passwordSecretRef',
    'tokenFile',
    'serviceAccountName',
    'replicas',
    'image',
    'spark.executor.memory',
    'keySizeBits',
    'spark.kubernetes.driver.podTemplateContainerName',
    'secretEnabled',
    '',
  ])('%s does not', (name) => {
    expect(looksLikeCredential(name)).toBe(false);
  });
});
