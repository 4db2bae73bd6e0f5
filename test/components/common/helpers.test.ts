import { Chart, Testing } from 'cdk8s';

import { configHash, configHashAnnotation } from '../../../src/components/common/config-hash';
import { podDisruptionBudget, tenthOf } from '../../../src/components/common/disruption-budget';
import { imageReference } from '../../../src/components/common/image';
import { selectorLabels, standardLabels } from '../../../src/components/common/labels';
import { renderProperties } from '../../../src/components/common/properties';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../../src/components/common/security-context';
import { writableDirs } from '../../../src/components/common/writable-dirs';
import { formatJvmSize, heapForMemoryLimit, parseJvmSize } from '../../../src/core/jvm';
import { schemaFailures } from '../../support/validate';

const id = { name: 'trino', instance: 'etl', component: 'worker', version: '476' };

test('selector labels leave out the version, standard labels carry all six', () => {
  expect(selectorLabels(id)).toEqual({
    'app.kubernetes.io/name': 'trino',
    'app.kubernetes.io/instance': 'etl',
    'app.kubernetes.io/component': 'worker',
  });
  expect(Object.keys(standardLabels(id)).sort()).toEqual(
    ['component', 'instance', 'managed-by', 'name', 'part-of', 'version'].map((k) => `app.kubernetes.io/${k}`),
  );
});

test('config hash ignores key order and changes with any value', () => {
  expect(configHash({ a: '1', b: '2' })).toBe(configHash({ b: '2', a: '1' }));
  expect(configHash({ a: '1' })).not.toBe(configHash({ a: '2' }));
  expect(configHash({ a: '1' }, { b: '2' })).not.toBe(configHash({ a: '1', b: '2' }));
  expect(Object.keys(configHashAnnotation({}))).toEqual(['dataroaster.io/config-hash']);
  expect(configHash({ a: '1' })).toMatch(/^[0-9a-f]{64}$/);
});

test('restricted security contexts refuse root ids', () => {
  expect(restrictedPodSecurityContext({ user: 1000, group: 1000 })).toMatchObject({
    runAsNonRoot: true,
    fsGroup: 1000,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(() => restrictedPodSecurityContext({ user: 0, group: 1000 })).toThrow('restricted pods run as a non-root user id > 0 (got 0)');
  expect(restrictedContainerSecurityContext()).toMatchObject({
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
  });
});

test('JVM sizes', () => {
  expect(parseJvmSize('8G')).toBe(8 * 2 ** 30);
  expect(parseJvmSize('6144m')).toBe(6 * 2 ** 30);
  expect(() => parseJvmSize('8GB')).toThrow('not a JVM size: "8GB"');
  expect(formatJvmSize(8 * 2 ** 30)).toBe('8G');
  expect(heapForMemoryLimit(4 * 2 ** 30)).toBe('3276M');
});

test('properties are sorted and escaped', () => {
  expect(renderProperties({ 'b.x': 'thrift://m:9083', a: 'c:\\dir', k: '${ENV:K}' })).toBe('a=c:\\\\dir\nb.x=thrift://m:9083\nk=${ENV:K}\n');
  expect(renderProperties({})).toBe('');
});

test('image references pin a tag and optionally a digest', () => {
  expect(imageReference({ repository: 'trinodb/trino', tag: '476' })).toBe('trinodb/trino:476');
  expect(imageReference({ repository: 'trinodb/trino', tag: '476', digest: `sha256:${'a'.repeat(64)}` })).toBe(
    `trinodb/trino:476@sha256:${'a'.repeat(64)}`,
  );
});

test('disruption budgets never block drains and validate against the policy/v1 schema', () => {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'ns' });
  podDisruptionBudget(chart, 'pdb', { name: 'etl-worker', labels: standardLabels(id), selector: selectorLabels(id), maxUnavailable: tenthOf(25) });
  const [pdb] = Testing.synth(chart);
  expect(pdb.spec).toEqual({ maxUnavailable: 2, selector: { matchLabels: selectorLabels(id) }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  expect(schemaFailures([pdb])).toEqual([]);
  expect(tenthOf(3)).toBe(1);
  expect(() => podDisruptionBudget(chart, 'zero', { name: 'x', labels: {}, selector: {}, maxUnavailable: 0 })).toThrow(
    'PodDisruptionBudget x: maxUnavailable must be an integer >= 1 (got 0); 0 would block node drains',
  );
});

test('writable dirs give one emptyDir and mount each', () => {
  const { volumes, mounts } = writableDirs([
    { name: 'tmp', path: '/tmp', sizeLimit: '1Gi' },
    { name: 'data', path: '/data' },
  ]);
  expect(JSON.parse(JSON.stringify(volumes))).toEqual([
    { name: 'tmp', emptyDir: { sizeLimit: { value: '1Gi' } } },
    { name: 'data', emptyDir: {} },
  ]);
  expect(mounts).toEqual([
    { name: 'tmp', mountPath: '/tmp' },
    { name: 'data', mountPath: '/data' },
  ]);
});
