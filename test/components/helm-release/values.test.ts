import { credentialPaths, formatValuesPath, splitValues } from '../../../src/components/helm-release/values';

/** Helm's merge of values files: maps merge deeply, everything else (lists included) is replaced. */
function helmMerge(base: any, over: any): any {
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof over !== 'object' || over === null || Array.isArray(over))
    return over;
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? helmMerge(base[k], v) : v;
  return out;
}

const values = {
  replicaCount: 2,
  auth: { username: 'admin', password: 's3cr3t', existingSecret: '', rootPassword: 1234 },
  s3: { accessKey: 'AK', secretKey: 'SK', bucket: 'data' },
  users: [{ name: 'a', apiKey: 'k1' }, { name: 'b' }],
  affinity: { podAntiAffinity: { preferred: [{ weight: 1, topologyKey: 'kubernetes.io/hostname' }] } },
  annotations: { 'example.com/token': 'tok' },
  tokens: { enabled: false, token: '' },
  empty: {},
};

describe('Helm values with credentials', () => {
  test('finds every credential-looking value, nested and in lists, skipping empty and boolean ones', () => {
    expect(credentialPaths(values).map(formatValuesPath)).toEqual([
      'auth.password',
      'auth.rootPassword',
      's3.accessKey',
      's3.secretKey',
      'users[0].apiKey',
      'annotations["example.com/token"]',
    ]);
  });

  test('splits them out so that no credential stays inline and Helm merges the halves back into the original', () => {
    // When
    const { inline, secret } = splitValues(values);
    // Then
    expect(credentialPaths(inline)).toEqual([]);
    expect(JSON.stringify(inline)).not.toMatch(/s3cr3t|1234|"AK"|"SK"|k1|tok"/);
    expect(secret).toEqual({
      auth: { password: 's3cr3t', rootPassword: 1234 },
      s3: { accessKey: 'AK', secretKey: 'SK' },
      users: values.users, // lists are replaced by Helm, so one holding a credential moves whole
      annotations: { 'example.com/token': 'tok' },
    });
    expect(inline.users).toBeUndefined();
    expect(helmMerge(secret, inline)).toEqual(values);
  });

  test('leaves values without credentials alone', () => {
    expect(splitValues({ a: { b: [1, 2] }, c: 'x' })).toEqual({ inline: { a: { b: [1, 2] }, c: 'x' }, secret: {} });
  });
});
