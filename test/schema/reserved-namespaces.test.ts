import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readSpecFiles } from '../../src/cli/spec-files';
import { REGISTRY } from '../../src/components/registry';
import { DEFAULT_RESERVED_NAMESPACES, reservedBy, reservedNamespacesFromEnv } from '../../src/core/reserved-namespaces';
import { synthesize } from '../../src/engine/synthesize';
import { RESERVED_NAMESPACES } from '../../src/gitops/bootstrap/options';
import { loadSpecs } from '../../src/schema/load';

const ROOT = join(__dirname, '../..');
/** The seed Trino cluster (original CR) with its instance namespace (`spec.namespace`) replaced. */
const seedIn = (namespace: string) => {
  const [doc] = readSpecFiles([join(ROOT, 'platform/trino-cluster-etl.yaml')]);
  const data = doc.data as { spec: { namespace: string } };
  return { source: 'trino.yaml', data: { ...data, spec: { ...data.spec, namespace } } };
};
const own = (namespace: string) => ({
  source: 'own.yaml',
  data: {
    apiVersion: 'dataroaster.io/v1alpha1',
    kind: 'HelmRelease',
    metadata: { name: 'x', namespace },
    spec: { repo: 'https://charts.example.com/', chart: 'x', version: '1.0.0' },
  },
});

describe('the reserved namespaces: one list', () => {
  test("defaults: Kubernetes' own (kube-*), default, and both agents'; the bootstrap denies the same list", () => {
    expect(reservedNamespacesFromEnv({})).toEqual(['kube-*', 'default', 'flux-system', 'argocd']);
    expect(RESERVED_NAMESPACES).toBe(DEFAULT_RESERVED_NAMESPACES);
  });

  test('DATAROASTER_RESERVED_NAMESPACES replaces the defaults; "none" reserves nothing; the server\'s own namespace is added', () => {
    expect(reservedNamespacesFromEnv({ DATAROASTER_RESERVED_NAMESPACES: ' kube-*, team-a ,', DATAROASTER_SERVER_NAMESPACE: 'dataroaster' })).toEqual([
      'kube-*',
      'team-a',
      'dataroaster',
    ]);
    expect(reservedNamespacesFromEnv({ DATAROASTER_RESERVED_NAMESPACES: 'none' })).toEqual([]);
    expect(() => reservedNamespacesFromEnv({ DATAROASTER_RESERVED_NAMESPACES: 'kube-*,../etc' })).toThrow('got "../etc"');
    expect(() => reservedNamespacesFromEnv({ DATAROASTER_SERVER_NAMESPACE: 'Not A Namespace' })).toThrow(
      'DATAROASTER_SERVER_NAMESPACE: not a namespace name',
    );
  });

  test.each([
    ['kube-system', 'kube-*'],
    ['kube-public', 'kube-*'],
    ['kube-node-lease', 'kube-*'],
    ['default', 'default'],
    ['flux-system', 'flux-system'],
    ['argocd', 'argocd'],
    ['analytics', undefined],
    ['kubeflow', undefined], // not a kube- name
    ['defaults', undefined],
  ])('%s is reserved by %s', (namespace, entry) => {
    expect(reservedBy(DEFAULT_RESERVED_NAMESPACES, namespace)).toBe(entry);
  });
});

describe('the loader refuses reserved namespaces when given the list (CLI, API)', () => {
  test('an original CR whose instance namespace is kube-system', () => {
    expect(() => loadSpecs(REGISTRY, [seedIn('kube-system')], { reservedNamespaces: DEFAULT_RESERVED_NAMESPACES })).toThrow(
      'trino.yaml: metadata.namespace: namespace "kube-system" is reserved (matches "kube-*"): DataRoaster does not deploy into system or platform namespaces (the list is DATAROASTER_RESERVED_NAMESPACES)',
    );
  });

  test('an own-kind spec in flux-system; an allowed namespace loads', () => {
    expect(() => loadSpecs(REGISTRY, [own('flux-system')], { reservedNamespaces: DEFAULT_RESERVED_NAMESPACES })).toThrow(
      'own.yaml: metadata.namespace: namespace "flux-system" is reserved:',
    );
    expect(loadSpecs(REGISTRY, [own('analytics')], { reservedNamespaces: DEFAULT_RESERVED_NAMESPACES })[0].metadata.namespace).toBe('analytics');
  });

  test('without the list (specs already stored in Git) it loads, and the engine writes no Namespace object for it', () => {
    const [stored] = loadSpecs(REGISTRY, [own('kube-system')]);
    const [fresh] = loadSpecs(REGISTRY, [own('analytics')]);
    const { files } = synthesize([fresh], { known: [stored] });
    expect(Object.keys(files).filter((p) => p.startsWith('namespaces/'))).toEqual(['namespaces/analytics.yaml', 'namespaces/kustomization.yaml']);
  });
});

describe('dataroaster synth refuses them too', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dataroaster-reserved-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const synth = (namespace: string, env: Record<string, string> = {}) => {
    const file = join(dir, 'release.yaml');
    writeFileSync(file, JSON.stringify(own(namespace).data));
    // the compiled CLI (bin/dataroaster.js → lib/), built by `npm test` before jest
    return spawnSync(process.execPath, [join(ROOT, 'bin/dataroaster.js'), 'synth', file, '--out', join(dir, 'out')], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  };

  test('kube-system: exit 1 naming the rule; with the list replaced, it is written', () => {
    const refused = synth('kube-system');
    expect({ status: refused.status, stderr: refused.stderr.trim() }).toEqual({
      status: 1,
      stderr: expect.stringContaining('metadata.namespace: namespace "kube-system" is reserved (matches "kube-*")'),
    });
    const allowed = synth('default', { DATAROASTER_RESERVED_NAMESPACES: 'kube-*' });
    expect(allowed.status).toBe(0);
  });
});
