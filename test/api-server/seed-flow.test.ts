import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { historyHits, unsealedValues } from '../support/secrets';
import { objectsIn, schemaFailures } from '../support/validate';
import { base64, curl } from './support/curl';
import { allObjects, commitsOf, filesAt } from './support/remote-history';
import { seedYaml } from './support/seed';
import { compileServer, logLines, ServerProcess, startServer } from './support/server-process';

/**
 * The original README's curl sequence, verbatim, against the real server (`node lib/api-server/main.js`)
 * with its defaults: a fresh data directory, the embedded bare GitOps repository, a sealing key pair
 * generated on first start. Then the repository is checked: commits, authors, folders, schemas,
 * sealed values, and no secret anywhere in its history.
 */
describe('seed flow: the original README against a started server', () => {
  let cwd: string;
  let server: ServerProcess;
  beforeAll(async () => {
    compileServer();
    cwd = mkdtempSync(join(tmpdir(), 'dataroaster-seed-'));
    // The embedded repository is a local path no cluster can clone (Flux's schema refuses it), so the
    // bootstrap is told where the cluster would find it.
    server = await startServer(cwd, { DATAROASTER_DATA_DIR: 'data', DATAROASTER_GITOPS_REPO_URL: 'https://git.example.com/platform/gitops.git' });
  }, 180_000);
  afterAll(async () => {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(cwd, { recursive: true, force: true });
  });

  test('login, users, hive_metastore, spark_thrift_server and trino, as the README runs them', async () => {
    const url = server.url;
    const dataDir = join(cwd, 'data');
    const remote = join(dataDir, 'gitops.git');

    // The first start printed admin's password in the original's words, and how to load the generated sealing key
    const password = /^randomly generated password for user 'admin': ([0-9a-f]{32})$/m.exec(server.stderr())![1];
    const keyLog = logLines(server.stdout()).find(
      (l) => l.level === 'warn' && typeof l.msg === 'string' && l.msg.startsWith('Secrets are sealed with a key pair DataRoaster generated'),
    );
    expect(keyLog?.msg).toContain(
      `kubectl -n kube-system create secret tls dataroaster-sealing-key --cert=${join(dataDir, 'sealed-secrets', 'tls.crt')}`,
    );

    // ### Login
    const login = await curl('POST', `${url}/v1/login`, { data: ['user=admin', `password=${password}`] });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ token: expect.any(String), expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const ACCESS_TOKEN = login.body.token as string;
    const as = { token: ACCESS_TOKEN };

    // ### Users: create, update password, list, delete
    expect(await curl('POST', `${url}/v1/users/create`, { ...as, data: ['user=user1', 'password=password1'] })).toEqual({
      status: 200,
      body: { result: 'SUCCESS' },
    });
    expect(await curl('PUT', `${url}/v1/users/update/password`, { ...as, data: ['user=admin', 'password=adminpass'] })).toEqual({
      status: 200,
      body: { result: 'SUCCESS' },
    });
    expect(await curl('GET', `${url}/v1/users/list`, as)).toEqual({
      status: 200,
      body: [
        { user: 'admin', role: 'admin' },
        { user: 'user1', role: 'user' },
      ],
    });
    expect(await curl('DELETE', `${url}/v1/users/delete`, { ...as, data: ['user=user1'] })).toEqual({ status: 200, body: { result: 'SUCCESS' } });

    // ### Hive Metastore: create, list, delete
    const hive = await curl('POST', `${url}/v1/hive_metastore/create`, {
      ...as,
      data: ['mysql_storage_class=standard', 'mysql_storage_size=5', `yaml=${base64(seedYaml('hive-metastore'))}`],
    });
    expect(hive.status).toBe(200);
    expect(hive.body).toMatchObject({
      result: 'SUCCESS',
      status: 'committed',
      instance: { kind: 'HiveMetastore', name: 'hive-metastore', namespace: 'hive-metastore' },
    });
    const hiveList = await curl('GET', `${url}/v1/hive_metastore/list`, as);
    expect(hiveList.body).toMatchObject([
      {
        kind: 'HiveMetastore',
        name: 'hive-metastore',
        namespace: 'hive-metastore',
        component: 'hive-metastore',
        lastCommit: { sha: hive.body.commit, author: 'admin <admin@dataroaster.local>' },
      },
    ]);
    const hiveDelete = await curl('DELETE', `${url}/v1/hive_metastore/delete`, as);
    expect(hiveDelete.body).toMatchObject({ result: 'SUCCESS', status: 'committed', instance: { name: 'hive-metastore' } });

    // ### Spark Thrift Server: create, list, delete
    const sts = await curl('POST', `${url}/v1/spark_thrift_server/create`, {
      ...as,
      data: [
        'nfs_storage_class=standard',
        'nfs_storage_size=10',
        `s3_access_key=${base64('any-access-key')}`,
        `s3_secret_key=${base64('any-secret-key')}`,
        'pvc_size=1',
        `yaml=${base64(seedYaml('spark-thrift-server'))}`,
      ],
    });
    expect(sts.status).toBe(200);
    expect(sts.body).toMatchObject({
      status: 'committed',
      instance: { kind: 'SparkThriftServer', name: 'spark-thrift-server', namespace: 'spark-thrift-server' },
    });
    expect((await curl('GET', `${url}/v1/spark_thrift_server/list`, as)).body).toMatchObject([
      { name: 'spark-thrift-server', lastCommit: { sha: sts.body.commit } },
    ]);
    expect((await curl('DELETE', `${url}/v1/spark_thrift_server/delete`, as)).body).toMatchObject({
      status: 'committed',
      instance: { name: 'spark-thrift-server' },
    });

    // ### Trino: create, list, delete
    const trino = await curl('POST', `${url}/v1/trino/create`, { ...as, data: [`yaml=${base64(seedYaml('trino-cluster-etl'))}`] });
    expect(trino.status).toBe(200);
    expect(trino.body).toMatchObject({
      status: 'committed',
      instance: { kind: 'TrinoCluster', name: 'trino-cluster-etl', namespace: 'trino-cluster-etl' },
    });
    expect((await curl('GET', `${url}/v1/trino/list`, as)).body).toMatchObject([
      { name: 'trino-cluster-etl', lastCommit: { sha: trino.body.commit } },
    ]);
    expect((await curl('DELETE', `${url}/v1/trino/delete`, as)).body).toMatchObject({ status: 'committed', instance: { name: 'trino-cluster-etl' } });
    for (const component of ['hive_metastore', 'spark_thrift_server', 'trino'])
      expect((await curl('GET', `${url}/v1/${component}/list`, as)).body).toEqual([]);

    // ### The GitOps repository: one commit per change, by admin, committed by the service
    const commits = commitsOf(remote);
    expect(commits.map((c) => `${c.author} | ${c.committer} | ${c.subject}`)).toEqual([
      'DataRoaster | DataRoaster | dataroaster: initialize the GitOps repository',
      'admin | DataRoaster | hive-metastore: create hive-metastore',
      'admin | DataRoaster | hive-metastore: delete hive-metastore',
      'admin | DataRoaster | spark-thrift-server: create spark-thrift-server',
      'admin | DataRoaster | spark-thrift-server: delete spark-thrift-server',
      'admin | DataRoaster | trino: create trino-cluster-etl',
      'admin | DataRoaster | trino: delete trino-cluster-etl',
    ]);
    expect(commits.map((c) => c.sha)).toEqual(expect.arrayContaining([hive.body.commit, sts.body.commit, trino.body.commit, hiveDelete.body.commit]));
    // each change touches only its instance's folder and the shared tiers
    const folders: Record<string, string> = {
      [hive.body.commit]: 'components/hive-metastore/hive-metastore/',
      [sts.body.commit]: 'components/spark-thrift-server/spark-thrift-server/',
      [trino.body.commit]: 'components/trino/trino-cluster-etl/',
    };
    for (const [sha, folder] of Object.entries(folders)) {
      const { paths } = commits.find((c) => c.sha === sha)!;
      expect(paths.filter((p) => !p.startsWith(folder) && !p.startsWith('namespaces/') && !p.startsWith('bootstrap/'))).toEqual([]);
      expect(paths).toContain(`${folder}kustomization.yaml`);
      expect(paths).toContain(`${folder}dataroaster-spec.yaml`);
    }

    // every manifest of every create commit passes the official schemas; no plaintext Secret anywhere
    const privateKey = createPrivateKey(readFileSync(join(dataDir, 'sealed-secrets', 'tls.key'), 'utf8'));
    const sealed: Record<string, string[]> = {};
    for (const sha of Object.keys(folders)) {
      const files = filesAt(remote, sha);
      const manifests = Object.fromEntries(
        Object.entries(files).filter(([path]) => path.endsWith('.yaml') && !path.endsWith('/dataroaster-spec.yaml')),
      );
      const objects = objectsIn(manifests);
      expect(schemaFailures(objects)).toEqual([]);
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      // every SealedSecret opens with the key the server generated in its data directory
      const instanceFiles = Object.fromEntries(Object.entries(files).filter(([path]) => path.startsWith(folders[sha])));
      sealed[folders[sha]] = unsealedValues(instanceFiles, privateKey);
    }
    // the S3 keys as sent (decoded once), and the passwords the server generated (database, Trino's shared secret)
    const shapes = (values: string[]) => values.map((v) => (/^[0-9a-f]+$/.test(v) ? `generated ${v.length / 2} bytes` : v)).sort();
    expect(shapes(sealed['components/hive-metastore/hive-metastore/'])).toEqual([
      'any-access-key',
      'any-secret-key',
      'generated 24 bytes',
      'generated 24 bytes',
    ]);
    expect(shapes(sealed['components/spark-thrift-server/spark-thrift-server/'])).toEqual(['any-access-key', 'any-secret-key']);
    expect(shapes(sealed['components/trino/trino-cluster-etl/'])).toEqual(['any-access-key', 'any-secret-key', 'generated 32 bytes']);

    // ### No secret value used anywhere in the history: not in a diff, a message, nor any object
    const secrets = [...new Set([password, 'adminpass', 'password1', ACCESS_TOKEN, ...Object.values(sealed).flat()])];
    expect(secrets.length).toBeGreaterThanOrEqual(7);
    expect(historyHits(remote, secrets)).toEqual([]);
    const objects = allObjects(remote); // the embedded repository is also the server's clone: every object it wrote
    expect(objects).toContain('kind: SealedSecret'); // the scan does see the blobs and the commits
    expect(objects).toContain('DataRoaster-Request-Id: ');
    expect(secrets.filter((value) => objects.includes(value) || objects.includes(Buffer.from(value).toString('base64')))).toEqual([]);
  }, 180_000);
});
