import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { dump } from 'js-yaml';

import { readSpecFiles } from '../../src/cli/spec-files';
import { REGISTRY } from '../../src/components/registry';
import { synthesize } from '../../src/engine/synthesize';
import { instanceRepoFiles } from '../../src/gitops/repository-files';
import { namespacesTier } from '../../src/gitops/sentinel';
import { API_VERSION } from '../../src/schema/fields';
import { loadSpecs } from '../../src/schema/load';

// These tests run the compiled CLI (bin/dataroaster.js → lib/), built by `npm test` before jest.
const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/dataroaster.js');
const MAIN = join(ROOT, 'lib/src/main.js');
const SEED = join(ROOT, 'platform/trino-cluster-etl.yaml');
/** The repository URL `npm run synth` writes into dist/'s bootstrap (src/main.ts). */
const EXAMPLE_REPO = ['--repo-url', 'https://git.example.com/platform/dataroaster-gitops.git'];
const NO_BOOTSTRAP = 'bootstrap/ and README.md not written: pass --repo-url URL (and --branch) to write the Argo CD and Flux bootstrap\n';

/** The GitOps repository layout of a synthesis, without bootstrap: instance folders and the namespaces tier. */
function repositoryLayout(synthesis: ReturnType<typeof synthesize>): Record<string, string> {
  const files: Record<string, string> = { ...namespacesTier(synthesis.files) };
  for (const instance of synthesis.instances) Object.assign(files, Object.fromEntries(instanceRepoFiles(synthesis, instance)));
  return Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((k) => [k, files[k]]),
  );
}

let work: string;
beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'dataroaster-cli-'))));
afterEach(() => rmSync(work, { recursive: true, force: true }));

function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, [file, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir`, relative path → content. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((k) => [k, files[k]]),
  );
}

/** A platform without Secrets: credentials referenced from Secrets managed elsewhere, so every door may write it. */
function writeSecretFreePlatform(dir: string): string {
  const platform = join(dir, 'platform');
  mkdirSync(platform, { recursive: true });
  const doc = {
    apiVersion: API_VERSION,
    kind: 'TrinoCluster',
    metadata: { name: 'analytics', namespace: 'analytics' },
    spec: {
      image: { tag: '476' },
      sharedSecret: { secretKeyRef: { name: 'trino-internal', key: 'shared-secret' } },
      worker: { autoscaler: { minReplicas: 2, maxReplicas: 4 } },
      catalogs: [
        { name: 'tpch', connector: 'tpch' },
        { name: 'lake', connector: 'iceberg', properties: { 's3.aws-secret-key': { secretKeyRef: { name: 's3', key: 'secret-key' } } } },
      ],
    },
  };
  writeFileSync(join(platform, 'analytics.yaml'), dump(doc));
  return platform;
}

describe('dataroaster synth (the real CLI in a child process)', () => {
  test('writes the engine files in the GitOps repository layout, byte for byte', () => {
    const platform = writeSecretFreePlatform(work);
    const out = join(work, 'out');
    const result = run(BIN, ['synth', platform, '--out', out]);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const expected = repositoryLayout(synthesize(loadSpecs(REGISTRY, readSpecFiles([platform]))));
    expect(Object.keys(expected)).toContain('components/trino/analytics/dataroaster-spec.yaml');
    expect(tree(out)).toEqual(expected);
    expect(result.stdout).toBe(`${out}: ${Object.keys(expected).length} added, 0 modified, 0 deleted\n${NO_BOOTSTRAP}`);
  });

  test('the seed with --allow-plaintext-secrets: equal to the engine except the freshly generated shared secret', () => {
    const out = join(work, 'out');
    expect(run(BIN, ['synth', SEED, '--out', out, '--allow-plaintext-secrets']).status).toBe(0);
    const engine = repositoryLayout(synthesize(loadSpecs(REGISTRY, readSpecFiles([SEED])), { secrets: { mode: 'plaintext' } }));
    const generated = 'components/trino/trino-cluster-etl/secret-trino-cluster-etl-shared-secret.yaml';
    const written = tree(out);
    expect(Object.keys(written)).toEqual(Object.keys(engine));
    for (const path of Object.keys(engine).filter((p) => p !== generated)) expect(written[path]).toBe(engine[path]);
    expect(written[generated].replace(/shared-secret: [0-9a-f]{64}/, 'X')).toBe(engine[generated].replace(/shared-secret: [0-9a-f]{64}/, 'X'));
  });

  test('an unknown flag: exit code 2 and one line on stderr naming the flag', () => {
    const result = run(BIN, ['synth', SEED, '--out', join(work, 'out'), '--colour']);
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toBe(`dataroaster: unknown option '--colour' (run "dataroaster help" for usage)\n`);
  });

  test('a missing file: exit code 1 and one line on stderr naming it', () => {
    const result = run(BIN, ['synth', 'platform/nope.yaml', '--out', join(work, 'out')]);
    expect(result).toMatchObject({ status: 1, stdout: '', stderr: 'dataroaster: platform/nope.yaml: no such file or directory\n' });
  });

  test.each([
    ['unreadable YAML', 'spec: [1\n', 'not valid YAML: deficient indentation'],
    ['a bad spec', readFileSync(SEED, 'utf8').replace('tag: "384"', 'tag: "latest"'), 'spec.image.tag: must not be "latest": pin a version'],
  ])('%s: exit code 1 and one line on stderr naming the file', (_, text, problem) => {
    const file = join(work, 'trino.yaml');
    writeFileSync(file, text);
    const result = run(BIN, ['synth', file, '--out', join(work, 'out')]);
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr.startsWith(`dataroaster: ${file}: `)).toBe(true);
    expect(result.stderr).toContain(problem);
    expect(() => readdirSync(join(work, 'out'))).toThrow();
  });

  test('Secrets without sealing: exit code 1, one line naming them, nothing written', () => {
    const result = run(BIN, ['synth', SEED, '--out', join(work, 'out')]);
    expect(result).toMatchObject({
      status: 1,
      stderr:
        'dataroaster: refusing to write Secret trino-cluster-etl/trino-cluster-etl-shared-secret, trino-cluster-etl/trino-cluster-etl-credentials in plaintext: pass --seal-cert CERT.pem (kubeseal --fetch-cert) to seal it, or --allow-plaintext-secrets for a local experiment\n',
    });
    expect(() => readdirSync(join(work, 'out'))).toThrow();
  });
});

describe('cdk8s synth (lib/src/main.js) and the CLI give the same files', () => {
  test('for a platform without Secrets', () => {
    writeSecretFreePlatform(work);
    expect(run(MAIN, [], { cwd: work, env: { CDK8S_OUTDIR: join(work, 'dist') } }).status).toBe(0);
    expect(run(BIN, ['synth', 'platform', '--out', join(work, 'cli'), ...EXAMPLE_REPO], { cwd: work }).status).toBe(0);
    expect(Object.keys(tree(join(work, 'dist')))).toEqual(
      expect.arrayContaining(['README.md', 'bootstrap/flux/gitrepository-dataroaster.yaml', 'components/trino/analytics/kustomization.yaml']),
    );
    expect(tree(join(work, 'cli'))).toEqual(tree(join(work, 'dist')));
  });

  test('for the example platform, both sealing with its certificate', () => {
    // Given the committed platform/, with its public example certificate and example-only hash key
    cpSync(join(ROOT, 'platform'), join(work, 'platform'), { recursive: true });
    const dist = join(work, 'dist');
    // When cdk8s synth writes dist/, then the CLI seals into a copy of it (so unchanged ciphertexts are kept)
    expect(run(MAIN, [], { cwd: work, env: { CDK8S_OUTDIR: dist } })).toMatchObject({ status: 0, stderr: '' });
    cpSync(dist, join(work, 'cli'), { recursive: true });
    const sealing = ['--seal-cert', 'platform/sealed-secrets.crt', '--seal-hash-key', 'platform/sealed-secrets-hash.EXAMPLE-ONLY.txt'];
    expect(run(BIN, ['synth', 'platform', '--out', join(work, 'cli'), ...EXAMPLE_REPO, ...sealing], { cwd: work }).status).toBe(0);
    // Then the files are identical, and the Secrets are SealedSecrets
    expect(tree(join(work, 'cli'))).toEqual(tree(dist));
    const secretFiles = Object.keys(tree(dist)).filter((p) => /\/(sealed)?secret-/.test(p));
    expect(secretFiles).toEqual(
      expect.arrayContaining([
        'components/trino/trino-cluster-etl/sealedsecret-trino-cluster-etl-credentials.yaml',
        'components/trino/trino-cluster-etl/sealedsecret-trino-cluster-etl-shared-secret.yaml',
      ]),
    );
    expect(secretFiles.filter((p) => !/\/sealedsecret-/.test(p))).toEqual([]);
  });
});
