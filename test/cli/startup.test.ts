import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// What `dataroaster synth` of one Trino cluster loads (issue 11: CLI start-up within 2× `helm template`).
// The compiled CLI as a user runs it: bin/dataroaster.js → the bundle lib/dataroaster-cli.js (`npm test` builds it).
const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/dataroaster.js');
const BUNDLE = join(ROOT, 'lib/dataroaster-cli.js');

let work: string;
beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'dataroaster-startup-'))));
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI in a process that reports, at exit, the Node built-ins it loaded. */
function synthLoading(...args: string[]): { status: number | null; builtins: string[]; stderr: string } {
  const probe = [
    `process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...${JSON.stringify(args)}];`,
    `process.on('exit', () => require('node:fs').writeSync(3, JSON.stringify(process.moduleLoadList)));`,
    `require(${JSON.stringify(BIN)});`,
  ].join('\n');
  const result = spawnSync(process.execPath, ['-e', probe], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: work },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const loaded = JSON.parse(String(result.output[3])) as string[];
  return { status: result.status, builtins: loaded.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)), stderr: result.stderr };
}

describe('synth of a Trino cluster loads only what it uses', () => {
  test('no child_process (commander and cdk8s require it for subcommand executables and helm charts only)', () => {
    const run = synthLoading('synth', 'platform/trino-cluster-etl.yaml', '--out', join(work, 'out'), '--allow-plaintext-secrets');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.builtins).toContain('crypto'); // the probe sees what the run loads
    expect(run.builtins).not.toContain('child_process');
    // stdout and stderr are written to their descriptors: no process.stdout stream (here a pipe: node:net)
    expect(run.builtins).not.toContain('net');
  });

  test('with a certificate the sealer is loaded and seals', () => {
    writeFileSync(join(work, 'hash.key'), 'a hash key for the CLI tests, 32+ bytes\n');
    const run = synthLoading(
      'synth',
      'platform/trino-cluster-etl.yaml',
      '--out',
      join(work, 'out'),
      '--seal-cert',
      'platform/sealed-secrets.crt',
      '--seal-hash-key',
      join(work, 'hash.key'),
    );
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(join(work, 'out/components/trino/trino-cluster-etl/sealedsecret-trino-cluster-etl-credentials.yaml'), 'utf8')).toContain(
      'kind: SealedSecret',
    );
  });
});

test('synth validates with zod’s JIT off (no parser generated per schema with new Function in a short run)', () => {
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const zod = require('zod') as typeof import('zod');
    expect(zod.config().jitless).toBeFalsy();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../src/cli/synth-action');
    expect(zod.config().jitless).toBe(true);
  });
});

test('a reader that goes away gets one line on stderr, not a stack trace of an unhandled EPIPE', () => {
  // --diff of the whole example platform into an empty folder is far more than `head -1` reads
  const result = spawnSync(
    '/bin/sh',
    ['-c', `"${process.execPath}" "${BIN}" synth platform --out "${join(work, 'out')}" --allow-plaintext-secrets --diff | head -1`],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: work },
    },
  );
  expect(result.stdout).toBe('--- /dev/null\n');
  expect(result.stderr).toBe('dataroaster: EPIPE: broken pipe, write\n');
});

describe('the bundle', () => {
  const bundle = readFileSync(BUNDLE, 'latin1');

  test('holds zod’s English messages only (the other locales are 15% of its size)', () => {
    expect(bundle).toContain('Invalid input: expected');
    expect(bundle).not.toContain('Ongeldige invoer'); // zod's Dutch messages (node_modules/zod/v4/locales/nl.js)
  });

  test('leaves node-forge out (the CLI never generates a key pair)', () => {
    expect(bundle).toContain('require("node-forge")');
    expect(bundle).not.toContain('Cannot read encrypted private key'); // node-forge's pki
  });

  test('holds the Kubernetes L1 classes the components use, not all ~600 (scripts/bundle-cli.mjs k8sShaken)', () => {
    expect(bundle).toContain('cdk8s-plus-27.k8s.KubeStatefulSet');
    expect(bundle).not.toContain('cdk8s-plus-27.k8s.KubeValidatingWebhookConfiguration');
    // toJson drops undefined values in place instead of copying the object once per key
    expect(bundle).not.toContain('[i[0]]: i[1] })');
  });

  test('holds the parts of cdk8s synthesis uses (App, Chart, ApiObject), not Helm, Include or testing', () => {
    expect(bundle).toContain('"cdk8s.Chart"');
    expect(bundle).not.toContain('"cdk8s.Helm"');
    expect(bundle).not.toContain('"cdk8s.Testing"');
    expect(bundle).toContain('require("cdk8s/node_modules/yaml")'); // cdk8s's YAML library: not bundled, never loaded
  });

  test('names its classes as the source does (error names, stack traces), not every function at start-up', () => {
    // scripts/bundle-cli.mjs namesForClassesOnly: esbuild's keepNames, for classes only
    expect(bundle).toContain('static{__className(this,"SealedReferenceError")}');
    expect(bundle).toMatch(/var (\w+)=\(e,t\)=>e,__className=/);
  });

  test('is ASCII, wrapped as Node wraps a CommonJS module (bin/dataroaster.js compiles it as it is, read as latin1)', () => {
    expect([...bundle].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wrapper = (require('node:module') as { wrap(source: string): string }).wrap('');
    expect(bundle.startsWith(wrapper.slice(0, wrapper.indexOf('{') + 1))).toBe(true);
  });

  test('is what the CLI runs, and it still reports zod’s English messages', () => {
    const spec = join(work, 'bad.yaml');
    writeFileSync(spec, 'apiVersion: dataroaster.io/v1alpha1\nkind: TrinoCluster\nmetadata: {name: bad, namespace: t}\nspec: {image: 5}\n');
    const result = spawnSync(process.execPath, [BIN, 'synth', spec, '--out', join(work, 'out')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: work },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('spec.image: expected object, received number');
  });
});
