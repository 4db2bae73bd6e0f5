import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { dump, load } from 'js-yaml';

import { API_VERSION } from '../../src/schema/fields';
import { SealedSecretObject, unsealSecret } from '../../src/secrets/sealed-secrets/sealed-secret';
import { testKeys } from '../secrets/support';
import { objectsIn, schemaFailures } from '../support/validate';

// The real command, as a user runs it (bin/dataroaster.js runs the compiled lib/; `npm test` builds it first).
const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dataroaster.js');
const MAIN = join(ROOT, 'lib', 'src', 'main.js');
const S3_SECRET = 'cli-s3-secret-value-7d1f';
const S3_KEY = 'cli-s3-access-key-93ab';
const CREDENTIALS = 'components/trino/lake/sealedsecret-lake-credentials.yaml';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-secrets-'));
  writeFileSync(join(dir, 'cert.pem'), testKeys().certificatePem);
  writeFileSync(join(dir, 'hash.key'), 'a hash key for the CLI tests, 32+ bytes\n');
  writeFileSync(join(dir, 'empty.yaml'), '');
  mkdirSync(join(dir, 'specs'));
  // A Trino cluster whose catalog takes S3 credentials: the construct moves them into a Secret.
  const spec = {
    apiVersion: API_VERSION,
    kind: 'TrinoCluster',
    metadata: { name: 'lake', namespace: 'lake' },
    spec: {
      image: { tag: '476' },
      catalogs: [{ name: 'lake', connector: 'iceberg', properties: { 's3.aws-access-key': S3_KEY, 's3.aws-secret-key': S3_SECRET } }],
    },
  };
  writeFileSync(join(dir, 'specs', 'lake.yaml'), dump(spec));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [file, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, DATAROASTER_DATA_DIR: join(dir, 'data'), ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const dataroaster = (...args: string[]) => run(BIN, args);

/** Every file under `folder`, relative path → content. */
function tree(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(folder, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(folder);
  return Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((k) => [k, files[k]]),
  );
}

const opened = (text: string) =>
  Object.fromEntries(Object.entries(unsealSecret(load(text) as SealedSecretObject, testKeys().privateKey).data).map(([k, v]) => [k, v.toString()]));

describe('dataroaster synth seals Secrets', () => {
  test('--seal-cert: SealedSecrets the controller opens, no plaintext in any file, every object valid', () => {
    // When
    const result = dataroaster('synth', 'specs', '--out', 'out', '--seal-cert', 'cert.pem', '--seal-hash-key', 'hash.key');
    // Then
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const files = tree(join(dir, 'out'));
    expect(Object.keys(files).filter((p) => /\/(sealed)?secret-/.test(p))).toEqual([
      CREDENTIALS,
      'components/trino/lake/sealedsecret-lake-shared-secret.yaml',
    ]);
    expect(opened(files[CREDENTIALS])).toEqual({ 'lake.s3.aws-access-key': S3_KEY, 'lake.s3.aws-secret-key': S3_SECRET });
    expect(opened(files['components/trino/lake/sealedsecret-lake-shared-secret.yaml'])['shared-secret']).toMatch(/^[0-9a-f]{64}$/);
    const everything = Object.values(files).join('\n');
    for (const value of [S3_KEY, S3_SECRET, Buffer.from(S3_SECRET).toString('base64')]) expect(everything).not.toContain(value);
    expect(schemaFailures(objectsIn(Object.fromEntries(Object.entries(files).filter(([p]) => !p.endsWith('/dataroaster-spec.yaml')))))).toEqual([]);
  });

  test('running it again changes nothing: SealedSecrets in --out keep their ciphertexts', () => {
    const args = ['synth', 'specs', '--out', 'out', '--seal-cert', 'cert.pem', '--seal-hash-key', 'hash.key'];
    expect(dataroaster(...args).status).toBe(0);
    const first = tree(join(dir, 'out'));
    expect(dataroaster(...args).status).toBe(0);
    expect(tree(join(dir, 'out'))).toEqual(first);
  });

  test('the certificate and hash key come from the environment too; a default hash key is created once, mode 0600', () => {
    const env = { DATAROASTER_SEALED_SECRETS_CERT: join(dir, 'cert.pem') };
    expect(run(BIN, ['synth', 'specs', '--out', 'out'], env)).toMatchObject({ status: 0, stderr: '' });
    const hashKey = join(dir, 'data', 'sealed-secrets', 'hash.key');
    expect(statSync(hashKey).mode & 0o777).toBe(0o600);
    const first = tree(join(dir, 'out'));
    expect(run(BIN, ['synth', 'specs', '--out', 'out'], env).status).toBe(0);
    expect(tree(join(dir, 'out'))).toEqual(first);
    expect(opened(first[CREDENTIALS])['lake.s3.aws-secret-key']).toBe(S3_SECRET);
  });

  test('without DATAROASTER_DATA_DIR the hash key goes to ~/.dataroaster, never into the working directory (a GitOps checkout)', () => {
    const result = spawnSync(process.execPath, [BIN, 'synth', 'specs', '--out', 'out', '--seal-cert', 'cert.pem'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: join(dir, 'home') },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(statSync(join(dir, 'home', '.dataroaster', 'sealed-secrets', 'hash.key')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, '.dataroaster'))).toBe(false);
  });

  test('--seal-scope namespace-wide annotates the SealedSecret and binds only the namespace', () => {
    expect(
      dataroaster('synth', 'specs', '--out', 'out', '--seal-cert', 'cert.pem', '--seal-hash-key', 'hash.key', '--seal-scope', 'namespace-wide')
        .status,
    ).toBe(0);
    const sealed = load(readFileSync(join(dir, 'out', CREDENTIALS), 'utf8')) as SealedSecretObject;
    expect(sealed.metadata.annotations).toMatchObject({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
    expect(Object.keys(unsealSecret({ ...sealed, metadata: { ...sealed.metadata, name: 'other' } }, testKeys().privateKey).data)).toHaveLength(2);
  });

  test('without a certificate it refuses: exit 1, one line naming the Secrets and the flags, nothing written', () => {
    expect(dataroaster('synth', 'specs', '--out', 'out')).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'dataroaster: refusing to write Secret lake/lake-shared-secret, lake/lake-credentials in plaintext: pass --seal-cert CERT.pem (kubeseal --fetch-cert) to seal it, or --allow-plaintext-secrets for a local experiment\n',
    });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('--allow-plaintext-secrets writes the Secrets as they are (local experiments)', () => {
    expect(dataroaster('synth', 'specs', '--out', 'out', '--allow-plaintext-secrets')).toMatchObject({ status: 0, stderr: '' });
    const secret = load(readFileSync(join(dir, 'out', 'components/trino/lake/secret-lake-credentials.yaml'), 'utf8')) as {
      stringData: Record<string, string>;
    };
    expect(secret.stringData['lake.s3.aws-secret-key']).toBe(S3_SECRET);
  });

  test('--allow-plaintext-secrets keeps generated values across runs: the same spec again is up to date', () => {
    const sharedSecret = () =>
      (load(readFileSync(join(dir, 'out', 'components/trino/lake/secret-lake-shared-secret.yaml'), 'utf8')) as { stringData: Record<string, string> })
        .stringData;
    expect(dataroaster('synth', 'specs', '--out', 'out', '--allow-plaintext-secrets')).toMatchObject({ status: 0, stderr: '' });
    const generated = sharedSecret();
    expect(Object.values(generated)).toEqual([expect.stringMatching(/^[0-9a-f]{32,}$/)]);

    expect(dataroaster('synth', 'specs', '--out', 'out', '--allow-plaintext-secrets')).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('out: up to date'),
    });
    expect(sharedSecret()).toEqual(generated);

    // a new folder: a new value
    expect(dataroaster('synth', 'specs', '--out', 'other', '--allow-plaintext-secrets').status).toBe(0);
    const other = load(readFileSync(join(dir, 'other', 'components/trino/lake/secret-lake-shared-secret.yaml'), 'utf8')) as {
      stringData: Record<string, string>;
    };
    expect(other.stringData).not.toEqual(generated);
  });
});

describe('dataroaster synth: sealing flags', () => {
  test.each([
    [
      ['--seal-scope', 'galaxy'],
      `dataroaster: option '--seal-scope <scope>' argument 'galaxy' is invalid. Allowed choices are strict, namespace-wide, cluster-wide. (run "dataroaster help" for usage)\n`,
    ],
    [
      ['--seal-cert', 'cert.pem', '--allow-plaintext-secrets'],
      `dataroaster: option '--allow-plaintext-secrets' cannot be used with option '--seal-cert <file>' (run "dataroaster help" for usage)\n`,
    ],
  ])('%j is a usage error (exit 2)', (flags, stderr) => {
    expect(dataroaster('synth', 'empty.yaml', '--out', 'out', ...flags)).toEqual({ status: 2, stdout: '', stderr });
  });

  test.each([
    [['--seal-cert', 'missing.pem'], 'dataroaster: missing.pem: cannot read sealing certificate: no such file\n'],
    [['--seal-cert', 'empty.yaml'], /^dataroaster: empty\.yaml: not a PEM certificate or public key \(.*\)\n$/],
    [['--seal-cert', 'cert.pem', '--seal-hash-key', 'missing.key'], 'dataroaster: missing.key: cannot read sealing hash key: no such file\n'],
  ])('%j: exit 1, one line, nothing written', (flags, stderr) => {
    const result = dataroaster('synth', 'specs', '--out', 'out', ...flags);
    expect(result).toMatchObject({ status: 1, stdout: '' });
    expect(result.stderr).toMatch(stderr);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('help lists the sealing flags', () => {
    const { stdout } = dataroaster('help', 'synth');
    expect(stdout).toContain('--seal-cert <file>');
    expect(stdout).toContain('--seal-hash-key <file>');
    expect(stdout).toContain('--allow-plaintext-secrets');
  });
});

describe('npm run synth (lib/src/main.js) in a git checkout', () => {
  test('reproduces the committed dist/ byte for byte after cdk8s synth deleted it, as CI checks', () => {
    // Given a checkout of the example platform with dist/ committed
    cpSync(join(ROOT, 'platform'), join(dir, 'repo', 'platform'), { recursive: true });
    const repo = join(dir, 'repo');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
    const synth = () => spawnSync(process.execPath, [MAIN], { cwd: repo, env: { PATH: process.env.PATH, CDK8S_OUTDIR: 'dist' }, encoding: 'utf8' });
    git('init', '-q');
    expect(synth()).toMatchObject({ status: 0, stderr: '' });
    git('add', '.');
    git('commit', '-q', '-m', 'platform and dist');
    const committed = tree(join(repo, 'dist'));
    expect(Object.keys(committed).some((p) => p.includes('/sealedsecret-'))).toBe(true);
    // When dist/ is deleted (cdk8s synth does) and synthesized again
    rmSync(join(repo, 'dist'), { recursive: true });
    expect(synth().status).toBe(0);
    // Then nothing changed
    expect(git('status', '--porcelain')).toBe('');
    expect(tree(join(repo, 'dist'))).toEqual(committed);
  });

  test('keeps the ciphertexts of a dist/ committed in the layout before components/ (engine paths)', () => {
    // Given a checkout whose committed dist/ has the instance folders at the top (trino/x/…)
    cpSync(join(ROOT, 'platform'), join(dir, 'repo', 'platform'), { recursive: true });
    const repo = join(dir, 'repo');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
    const synth = () => spawnSync(process.execPath, [MAIN], { cwd: repo, env: { PATH: process.env.PATH, CDK8S_OUTDIR: 'dist' }, encoding: 'utf8' });
    git('init', '-q');
    expect(synth().status).toBe(0);
    const sealed = Object.entries(tree(join(repo, 'dist'))).filter(([p]) => p.includes('/sealedsecret-'));
    expect(sealed.length).toBeGreaterThan(0);
    execFileSync('sh', ['-c', 'mv dist/components dist/old && mv dist/old/* dist/ && rmdir dist/old'], { cwd: repo });
    git('add', '-A', '.');
    git('commit', '-q', '-m', 'old layout');
    // When cdk8s synth deletes dist/ and writes the new layout
    rmSync(join(repo, 'dist'), { recursive: true });
    expect(synth().status).toBe(0);
    // Then every SealedSecret has the ciphertext committed at its old path
    for (const [path, text] of sealed) expect(readFileSync(join(repo, 'dist', path), 'utf8')).toBe(text);
  });
});
