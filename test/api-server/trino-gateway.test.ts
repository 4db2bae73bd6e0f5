import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { load } from 'js-yaml';

import { GitApp, startGitApp } from './support/git-app';
import { b64 } from './support/test-app';

const PLATFORM = join(__dirname, '../../platform');
const GATEWAY_FOLDER = 'components/trino-gateway/trino-gateway';

// The gateway endpoints on the real engine and delivery module, committing to a bare remote.
describe('Trino gateway through the API', () => {
  let g: GitApp;
  beforeEach(async () => {
    g = await startGitApp();
  });
  afterEach(() => g.close());

  const http = () => g.t.http();
  const tip = () => g.git(['rev-parse', 'main']).trim();
  const diffFiles = (from: string, to = 'main') => g.git(['diff', '--no-renames', '--name-status', from, to]).trim().split('\n').sort();
  /** Lines the commit added and removed in one file, without the diff headers. */
  const changedLines = (path: string, from: string, to = 'main') =>
    g
      .git(['diff', '-U0', from, to, '--', path])
      .split('\n')
      .filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));
  const author = () => g.git(['log', '-1', '--format=%an', 'main']).trim();

  async function createPlatform() {
    const trino = readFileSync(join(PLATFORM, 'trino-cluster-etl.yaml'), 'utf8');
    await http()
      .post('/v1/trino/create')
      .set(g.alice)
      .type('form')
      .send({ yaml: b64(trino) })
      .expect(200);
    const gateway = readFileSync(join(PLATFORM, 'trino-gateway.yaml'), 'utf8');
    return http()
      .post('/v1/trino_gateway/create')
      .set(g.alice)
      .type('form')
      .send({ yaml: b64(gateway) });
  }

  test('create a gateway, add a cluster to a group, deactivate it, delete it: one commit each, each diff confined to what changed', async () => {
    // create
    const created = await createPlatform();
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      result: 'SUCCESS',
      status: 'committed',
      instance: { kind: 'TrinoGateway', name: 'trino-gateway' },
      commit: tip(),
    });
    expect(author()).toBe('alice');
    const listed = await http().get('/v1/trino_gateway/list').set(g.alice).expect(200);
    expect(listed.body.map((i: any) => i.name)).toEqual(['trino-gateway']);
    const specPath = `${GATEWAY_FOLDER}/dataroaster-spec.yaml`;

    // add a cluster to a group
    const before = tip();
    const added = await http()
      .post('/v1/cluster/create')
      .set(g.admin)
      .type('form')
      .send({ cluster_name: 'etl-2', group_name: 'etl', url: 'http://etl-2.trino.svc:8080', activated: 'true' });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ status: 'committed', commit: tip() });
    expect(g.git(['rev-list', '--count', `${before}..main`]).trim()).toBe('1');
    expect(author()).toBe('admin');
    // only the spec, the reconciler's backend list and its Job (renamed by the new hash) change
    const addedFiles = diffFiles(before);
    expect(addedFiles.filter((f) => !f.includes(GATEWAY_FOLDER))).toEqual([]);
    expect(addedFiles.map((f) => f.replace(/backends-[0-9a-f]{10}/, 'backends-<hash>'))).toEqual(
      [
        `A\t${GATEWAY_FOLDER}/job-trino-gateway-backends-<hash>.yaml`,
        `D\t${GATEWAY_FOLDER}/job-trino-gateway-backends-<hash>.yaml`,
        `M\t${GATEWAY_FOLDER}/configmap-trino-gateway-backends.yaml`,
        `M\t${GATEWAY_FOLDER}/dataroaster-spec.yaml`,
        `M\t${GATEWAY_FOLDER}/kustomization.yaml`,
      ].sort(),
    );
    const clusters = await http().get('/v1/cluster/list').set(g.alice).expect(200);
    expect(clusters.body).toContainEqual({ clusterName: 'etl-2', url: 'http://etl-2.trino.svc:8080', activated: true, groupName: 'etl' });

    // deactivate it: one line of the spec
    const beforeDeactivate = tip();
    const deactivated = await http()
      .put('/v1/cluster/update/activated')
      .set(g.alice)
      .type('form')
      .send({ cluster_name: 'etl-2', activated: 'false' });
    expect(deactivated.status).toBe(200);
    expect(author()).toBe('alice');
    expect(changedLines(specPath, beforeDeactivate)).toEqual(['-      active: true', '+      active: false']);
    const backends = load(g.git(['show', `main:${GATEWAY_FOLDER}/configmap-trino-gateway-backends.yaml`])) as any;
    expect(JSON.parse(backends.data['backends.json']).find((b: any) => b.name === 'etl-2').active).toBe(false);
    expect(
      diffFiles(beforeDeactivate).filter(
        (f) => !/(job-trino-gateway-backends-|configmap-trino-gateway-backends|dataroaster-spec|kustomization)/.test(f),
      ),
    ).toEqual([]);

    // delete it
    const beforeDelete = tip();
    const deleted = await http().delete('/v1/cluster/delete').set(g.alice).type('form').send({ cluster_name: 'etl-2' });
    expect(deleted.status).toBe(200);
    expect(g.git(['show', `main:${specPath}`])).not.toContain('etl-2');
    expect(g.git(['show', `${beforeDelete}~2:${specPath}`])).toBe(g.git(['show', `main:${specPath}`]));
  });

  test('cluster groups: create, list, delete; unknown names are 404, a group in use is 409', async () => {
    await createPlatform();
    await http().post('/v1/cluster_group/create').set(g.alice).type('form').send({ group_name: 'bi' }).expect(200);
    const groups = await http().get('/v1/cluster_group/list').set(g.alice).expect(200);
    expect(groups.body.map((gr: any) => gr.groupName)).toEqual(['adhoc', 'etl', 'bi']);
    const inUse = await http().delete('/v1/cluster_group/delete').set(g.alice).type('form').send({ group_name: 'etl' });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toContain('cluster group [etl] is used by cluster "etl"');
    await http().delete('/v1/cluster_group/delete').set(g.alice).type('form').send({ group_name: 'bi' }).expect(200);
    const missing = await http().put('/v1/cluster/update/activated').set(g.alice).type('form').send({ cluster_name: 'nope', activated: 'false' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('cluster [nope] not found!');
    const badUrl = await http().post('/v1/cluster/create').set(g.alice).type('form').send({ cluster_name: 'x', group_name: 'etl', url: 'not-a-url' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.message).toContain('spec.backends[2].proxyTo: must be an http:// or https:// URL');
  });

  test('a gateway naming a TrinoCluster the repository does not hold is a 400 naming the field', async () => {
    const gateway = readFileSync(join(PLATFORM, 'trino-gateway.yaml'), 'utf8');
    const res = await http()
      .post('/v1/trino_gateway/create')
      .set(g.alice)
      .type('form')
      .send({ yaml: b64(gateway) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('spec.backends[0].trinoClusterRef: no TrinoCluster named "trino-cluster-etl" in the platform');
  });

  test('deleting a TrinoCluster a gateway routes to: 409 naming the gateway; with force=true the backend goes too', async () => {
    await createPlatform();
    const refused = await http().delete('/v1/trino/delete').set(g.alice).type('form').send({ name: 'trino-cluster-etl' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('TrinoGateway "trino-gateway"');
    expect(refused.body.error.message).toContain('spec.backends[0].trinoClusterRef');
    const before = tip();
    const forced = await http().delete('/v1/trino/delete').set(g.alice).type('form').send({ name: 'trino-cluster-etl', force: 'true' });
    expect(forced.status).toBe(200);
    const tree = g.git(['ls-tree', '-r', '--name-only', 'main']);
    expect(tree).not.toContain('components/trino/trino-cluster-etl/');
    const spec = load(g.git(['show', `main:${GATEWAY_FOLDER}/dataroaster-spec.yaml`])) as any;
    expect(spec.spec.backends.map((b: any) => b.name)).toEqual(['adhoc-shared']);
    // One commit: the cluster's folder gone and the gateway's backend dropped together, so no state in
    // between routes to a deleted cluster or blocks the deletion
    expect(Number(g.git(['rev-list', '--count', `${before}..main`]).trim())).toBe(1);
    const changed = g.git(['diff', '--name-only', before, 'main']).split('\n').filter(Boolean);
    expect(changed).toEqual(
      expect.arrayContaining(['components/trino/trino-cluster-etl/dataroaster-spec.yaml', `${GATEWAY_FOLDER}/dataroaster-spec.yaml`]),
    );
    expect(forced.body.files).toEqual(expect.arrayContaining([{ path: `${GATEWAY_FOLDER}/dataroaster-spec.yaml`, status: 'modified' }]));
  });

  test('a dry run of a forced delete shows both changes and commits nothing', async () => {
    await createPlatform();
    const before = tip();
    const dry = await http().delete('/v1/trino/delete').set(g.alice).type('form').send({ name: 'trino-cluster-etl', force: 'true', dry_run: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body.files).toEqual(
      expect.arrayContaining([
        { path: 'components/trino/trino-cluster-etl/dataroaster-spec.yaml', status: 'deleted' },
        { path: `${GATEWAY_FOLDER}/dataroaster-spec.yaml`, status: 'modified' },
      ]),
    );
    expect(tip()).toBe(before);
  });
});
