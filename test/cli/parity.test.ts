import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { load } from 'js-yaml';

import { endpointOfKind } from '../../api-server/components/endpoints';
import { readSpecFiles } from '../../src/cli/spec-files';
import { REGISTRY } from '../../src/components/registry';
import { loadSpec } from '../../src/schema/load';
import { base64, curl } from '../api-server/support/curl';
import { filesAt } from '../api-server/support/remote-history';
import { compileServer, ServerProcess, startServer } from '../api-server/support/server-process';

/**
 * One layout for both doors (issue 14): the example platform created through the API of a started
 * server (its embedded bare GitOps repository) and synthesized by the CLI give the same repository
 * tree. Both seal with the example certificate and hash key, and both are told the same repository URL.
 */
const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/dataroaster.js');
const REPO_URL = 'https://git.example.com/platform/gitops.git';
const CERT = join(ROOT, 'platform/sealed-secrets.crt');
const HASH_KEY = join(ROOT, 'platform/sealed-secrets-hash.EXAMPLE-ONLY.txt');
const ADMIN_PASSWORD = 'parity-admin-password-1';

let cwd: string;
let server: ServerProcess;
beforeAll(async () => {
  compileServer();
  cwd = mkdtempSync(join(tmpdir(), 'dataroaster-parity-'));
  server = await startServer(cwd, {
    DATAROASTER_DATA_DIR: 'data',
    DATAROASTER_GITOPS_REPO_URL: REPO_URL,
    DATAROASTER_ADMIN_PASSWORD: ADMIN_PASSWORD,
    DATAROASTER_SEALED_SECRETS_CERT: CERT,
    DATAROASTER_SEALED_SECRETS_HASH_KEY: HASH_KEY,
  });
}, 180_000);
afterAll(async () => {
  if (server?.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  rmSync(cwd, { recursive: true, force: true });
});

function dataroaster(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: cwd } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir` except .git, path → text. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name === '.git') continue;
      if (entry.isDirectory()) walk(path);
      else files[path] = execFileSync('cat', [join(dir, path)], { encoding: 'utf8' });
    }
  };
  walk('');
  return Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((k) => [k, files[k]]),
  );
}

/** Sealing encrypts with fresh randomness: two independent runs differ only in the ciphertexts. */
function withoutCiphertexts(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([path, text]) => {
      // Pod templates carry a hash of the sealed Secrets they read: of fresh ciphertexts, different per sealing
      if (!/\/sealedsecret-[^/]+\.yaml$/.test(path))
        return [path, text.replace(/(dataroaster\.io\/secrets-hash: )sha256:[0-9a-f]{64}/g, '$1<hash of ciphertexts>')];
      const sealed = load(text) as { spec: { encryptedData: Record<string, string> } };
      return [path, JSON.stringify({ ...sealed, spec: { ...sealed.spec, encryptedData: Object.keys(sealed.spec.encryptedData) } })];
    }),
  );
}

test('the example platform through the API and through the CLI gives the same repository tree', async () => {
  // Given the example platform's specs, each sent to the endpoint that takes its kind; a spec that
  // references one not created yet is sent again in the next round. Kinds no endpoint takes (the
  // DataRoaster server itself) are left out of both doors.
  const specs = join(cwd, 'specs');
  mkdirSync(specs);
  const login = await curl('POST', `${server.url}/v1/login`, { data: ['user=admin', `password=${ADMIN_PASSWORD}`] });
  const token = login.body.token as string;
  let pending = readdirSync(join(ROOT, 'platform'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => ({ file, endpoint: endpointOfKind(REGISTRY, loadSpec(REGISTRY, readSpecFiles([join(ROOT, 'platform', file)])[0]).kind) }))
    .filter((p) => p.endpoint !== undefined);
  expect(pending.length).toBeGreaterThanOrEqual(5);
  const sent: string[] = [];
  for (let round = 0; round < 4 && pending.length > 0; round++) {
    const next: typeof pending = [];
    for (const p of pending) {
      const yaml = execFileSync('cat', [join(ROOT, 'platform', p.file)], { encoding: 'utf8' });
      const created = await curl('POST', `${server.url}/v1/${p.endpoint!.name}/create`, {
        token,
        data: [`yaml=${encodeURIComponent(base64(yaml))}`],
      });
      if (created.status === 200) {
        expect([p.file, created.body.status]).toEqual([p.file, 'committed']);
        cpSync(join(ROOT, 'platform', p.file), join(specs, p.file));
        sent.push(p.file);
      } else next.push(p);
    }
    pending = next;
  }
  expect(pending.map((p) => p.file)).toEqual([]);
  const remote = join(cwd, 'data', 'gitops.git');
  const api = filesAt(remote, 'main');

  // When the CLI synthesizes the same specs into an empty folder
  const sealing = ['--seal-cert', CERT, '--seal-hash-key', HASH_KEY, '--repo-url', REPO_URL];
  const fresh = dataroaster('synth', specs, '--out', join(cwd, 'cli'), ...sealing);
  expect(fresh).toMatchObject({ status: 0, stderr: '' });

  // Then it writes the same paths and bytes (only the ciphertexts are fresh)
  const cli = tree(join(cwd, 'cli'));
  expect(Object.keys(cli)).toEqual(Object.keys(api));
  expect(Object.keys(api)).toEqual(
    expect.arrayContaining([
      'README.md',
      'namespaces/kustomization.yaml',
      'components/trino/trino-cluster-etl/dataroaster-spec.yaml',
      'bootstrap/flux/kustomization.yaml',
    ]),
  );
  expect(withoutCiphertexts(cli)).toEqual(withoutCiphertexts(api));

  // And in a checkout of the API's repository, the CLI finds nothing to change: byte for byte what the API committed
  const checkout = join(cwd, 'checkout');
  execFileSync('git', ['clone', '-q', remote, checkout]);
  const check = dataroaster('synth', specs, '--out', checkout, ...sealing, '--prune', '--check');
  expect(check).toEqual({ status: 0, stdout: `${checkout}: up to date (${Object.keys(api).length} files)\n`, stderr: '' });
  expect(execFileSync('git', ['status', '--porcelain'], { cwd: checkout, encoding: 'utf8' })).toBe('');
}, 240_000);
