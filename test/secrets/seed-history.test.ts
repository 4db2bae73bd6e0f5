import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { load } from 'js-yaml';

import { REGISTRY } from '../../src/components/registry';
import type { InstanceSpec } from '../../src/core/instance';
import { createDelivery } from '../../src/delivery';
import { loadSpecs } from '../../src/schema/load';
import { parseSpecYaml } from '../../src/schema/yaml';
import { createSealedSecretsSealer } from '../../src/secrets/sealed-secrets/sealer';
import { loadSealingKeys } from '../../src/secrets/sealing-keys';
import { testConfig } from '../delivery/support/delivery-fixtures';
import { bareRemote, git, tempDir } from '../delivery/support/git-fixtures';
import { historyHits, unsealedValues } from '../support/secrets';

const PLATFORM = join(__dirname, '../../platform');

/** A seed document of platform/, its example credentials replaced by values no other file holds. */
function seed(file: string, replacements: Record<string, string>, params: Record<string, string> = {}): InstanceSpec {
  let text = readFileSync(join(PLATFORM, file), 'utf8');
  for (const [from, to] of Object.entries(replacements)) text = text.split(from).join(to);
  const [spec] = loadSpecs(REGISTRY, parseSpecYaml(text, file), { params });
  return spec;
}

describe('the seed flow leaves no secret value anywhere in Git history', () => {
  test('Hive metastore, Spark thrift server and Trino created, re-applied, updated, read back and deleted: zero hits', async () => {
    // Given a server's first start: a key pair generated in the data directory, and a delivery sealing with it
    const dataDir = tempDir('seed-data-');
    const keys = loadSealingKeys({ dataDir, bits: 2048 });
    const privateKey = createPrivateKey(readFileSync(keys.privateKeyFile!));
    const remote = bareRemote();
    const delivery = createDelivery({
      config: testConfig({ dataDir, remoteUrl: remote }),
      registry: REGISTRY,
      secrets: { mode: 'seal', sealer: createSealedSecretsSealer(keys) },
      version: '0.0.0-test',
    });
    await delivery.start();
    const sent = [
      'hms-access-7f3a91',
      'hms-secret-c0d2e8',
      'trino-access-51b7aa',
      'trino-secret-e9f044',
      'sts-access-2c8d13',
      'sts-secret-88ab70',
      'hms-secret-rotated-4411',
    ];
    const [hmsAccess, hmsSecret, trinoAccess, trinoSecret, stsAccess, stsSecret, hmsRotated] = sent;
    const hive = (secret: string) =>
      seed(
        'hive-metastore.yaml',
        { 'any-access-key': hmsAccess, 'any-secret-key': secret },
        { mysql_storage_class: 'standard', mysql_storage_size: '5' },
      );
    const trino = seed('trino-cluster-etl.yaml', { 'any-access-key': trinoAccess, 'any-secret-key': trinoSecret });
    const thrift = seed('spark-thrift-server.yaml', {
      'secretRef:\n        name: s3-secret': `accessKey: ${stsAccess}\n      secretKey: ${stsSecret}\n      secretRef:\n        name: s3-secret`,
    });
    expect(JSON.stringify(thrift)).toContain(stsSecret);

    // When the seed flow runs through the delivery module, as the API server drives it
    const apply = (spec: InstanceSpec, user = 'alice') => delivery.apply({ spec, user, requestId: `req-${user}` });
    for (const spec of [hive(hmsSecret), thrift, trino]) expect((await apply(spec)).status).toBe('committed');
    for (const spec of [hive(hmsSecret), thrift, trino]) expect((await apply(spec, 'bob')).status).toBe('unchanged');
    expect((await apply(hive(hmsRotated), 'carol')).status).toBe('committed');
    // ...and an instance re-applied from its stored spec as read back from Git changes nothing
    const storedTrino = load(git(remote, ['show', 'main:components/trino/trino-cluster-etl/dataroaster-spec.yaml'])) as InstanceSpec;
    expect(JSON.stringify(storedTrino)).toContain('sealed:trino-cluster-etl-credentials/');
    expect((await apply(storedTrino, 'dave')).status).toBe('unchanged');
    expect((await delivery.remove({ kind: 'SparkThriftServer', name: 'spark-thrift-server', user: 'erin', requestId: 'req-erin' })).status).toBe(
      'committed',
    );
    await delivery.close();

    // Then every value — those sent, and those DataRoaster generated (opened with the controller's key) —
    // is nowhere in any commit message or any version of any file on any ref
    const paths = git(remote, ['ls-tree', '-r', '--name-only', 'main']).trim().split('\n');
    const files = Object.fromEntries(paths.map((p) => [p, git(remote, ['show', `main:${p}`])]));
    const generated = unsealedValues(files, privateKey).filter((v) => !sent.includes(v));
    expect(generated.length).toBeGreaterThanOrEqual(3); // metastore DB password and root password, Trino shared secret
    expect(unsealedValues(files, privateKey)).toEqual(expect.arrayContaining([hmsAccess, hmsRotated, trinoAccess, trinoSecret]));
    expect(historyHits(remote, [...sent, ...generated])).toEqual([]);
    expect(Number(git(remote, ['rev-list', '--count', '--all']).trim())).toBe(6);
  });
});
