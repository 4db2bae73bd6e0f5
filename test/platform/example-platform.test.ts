import { join } from 'node:path';

import { parse } from 'dot-properties';

import { readSpecFiles } from '../../src/cli/spec-files';
import { metastoreThriftUri } from '../../src/components/hive-metastore/discovery';
import { REGISTRY } from '../../src/components/registry';
import { synthesize } from '../../src/engine/synthesize';
import { loadSpecs } from '../../src/schema/load';
import { podSpecsOf, restrictedProblems } from '../support/pod-security';
import { objectsIn, schemaFailures } from '../support/validate';

// The example platform as `npm run synth` reads it; generated passwords pinned so runs can be compared.
const specs = loadSpecs(REGISTRY, readSpecFiles([join(__dirname, '../../platform')]));
const synth = () => synthesize(specs, { secrets: { mode: 'plaintext' }, random: (bytes) => Buffer.alloc(bytes, 7) }).files;
const files = synth();
const objects = objectsIn(files);

describe('the example platform', () => {
  test('holds one instance of each component kind', () => {
    expect(specs.map((s) => s.kind).sort()).toEqual(['DataRoasterServer', 'HelmRelease', 'HiveMetastore', 'SparkApplication', 'SparkThriftServer', 'TrinoCluster', 'TrinoGateway']);
  });

  test('synthesizes to byte-identical files on every run', () => {
    expect(synth()).toEqual(files);
  });

  test('every object is schema-valid and every pod meets the restricted Pod Security Standard', () => {
    expect(schemaFailures(objects)).toEqual([]);
    for (const pod of podSpecsOf(objects)) expect(restrictedProblems(pod)).toEqual([]);
  });

  test('Trino\'s hive catalog, the thrift server and the Spark application all reach the example metastore', () => {
    const metastore = specs.find((s) => s.kind === 'HiveMetastore')!;
    const uri = metastoreThriftUri(metastore);
    expect(uri).toBe('thrift://metastore.hive-metastore.svc:9083');
    const thrift = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'spark-thrift-server-config')!;
    expect((parse(thrift.data['spark-defaults.conf']) as Record<string, string>)['spark.hadoop.hive.metastore.uris']).toBe(uri);
    const catalogs = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'trino-cluster-etl').flatMap((o) => Object.values(o.data ?? {}) as string[]);
    expect(catalogs.some((text) => text.includes(`hive.metastore.uri=${uri}`))).toBe(true);
    const sparkPi = objects.find((o) => o.kind === 'Job' && o.metadata.name === 'spark-pi-submit')!;
    expect(sparkPi.spec.template.spec.containers[0].args).toContain(`spark.hadoop.hive.metastore.uris=${uri}`);
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'metastore' && o.metadata.namespace === 'hive-metastore');
    expect(service?.spec.ports[0].port).toBe(9083);
  });
});
