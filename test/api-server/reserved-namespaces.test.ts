import { DEFAULT_RESERVED_NAMESPACES } from '../../src/core/reserved-namespaces';
import { GitApp, startGitApp } from './support/git-app';
import { seedYaml } from './support/seed';
import { b64 } from './support/test-app';

// Before: a `user` could commit namespaces/kube-system.yaml (enforce: restricted) by creating a
// TrinoCluster in kube-system; flux-system, argocd, default and the server's own namespace were accepted too.
describe('system and platform namespaces are refused at the API', () => {
  let g: GitApp;
  beforeAll(async () => {
    // as the server runs in the cluster: DATAROASTER_SERVER_NAMESPACE=dataroaster added to the defaults
    g = await startGitApp({ reservedNamespaces: [...DEFAULT_RESERVED_NAMESPACES, 'dataroaster'] });
  });
  afterAll(() => g.close());
  const trinoIn = (namespace: string) => b64(seedYaml('trino-cluster-etl').replace('namespace: trino-cluster-etl', `namespace: ${namespace}`));
  const refs = () => g.git(['for-each-ref', '--format=%(refname) %(objectname)']);

  test.each([
    ['kube-system', ' (matches "kube-*")'],
    ['kube-public', ' (matches "kube-*")'],
    ['kube-node-lease', ' (matches "kube-*")'],
    ['default', ''],
    ['flux-system', ''],
    ['argocd', ''],
    ['dataroaster', ''],
  ])('%s: 400 saying why, with and without dry run; nothing committed', async (namespace, matched) => {
    const before = refs();
    for (const dryRun of [false, true]) {
      const res = await g.t
        .http()
        .post('/v1/trino/create')
        .set(g.alice)
        .type('form')
        .send({ yaml: trinoIn(namespace), ...(dryRun && { dry_run: 'true' }) });
      expect({ status: res.status, message: res.body.error?.message }).toEqual({
        status: 400,
        message: `yaml: metadata.namespace: namespace "${namespace}" is reserved${matched}: DataRoaster does not deploy into system or platform namespaces (the list is DATAROASTER_RESERVED_NAMESPACES)`,
      });
    }
    expect(refs()).toBe(before);
  });

  test('an ordinary namespace is created, with its Namespace object; no reserved one ever gets one', async () => {
    const res = await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .type('form')
      .send({ yaml: trinoIn('analytics') });
    expect(res.status).toBe(200);
    const namespaceFiles = g.git(['ls-tree', '--name-only', 'main', 'namespaces/']).trim().split('\n');
    expect(namespaceFiles).toContain('namespaces/analytics.yaml');
    expect(namespaceFiles.filter((f) => /namespaces\/(kube-|default|flux-system|argocd|dataroaster\.yaml)/.test(f))).toEqual([]);
  });
});
