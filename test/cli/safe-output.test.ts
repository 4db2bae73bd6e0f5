import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { dump } from 'js-yaml';

import { main } from '../../src/cli/main';
import { ARGOCD_APPS, bootstrapEntryPath, FLUX_INSTANCES } from '../../src/gitops/layout';
import { API_VERSION } from '../../src/schema/fields';

// A platform without Secrets (credentials come from Secrets managed elsewhere), so no sealing is needed.
const TRINO = {
  apiVersion: API_VERSION,
  kind: 'TrinoCluster',
  metadata: { name: 'analytics', namespace: 'analytics' },
  spec: {
    image: { tag: '476' },
    sharedSecret: { secretKeyRef: { name: 'trino-internal', key: 'shared-secret' } },
    catalogs: [{ name: 'tpch', connector: 'tpch' }],
  },
};
const MINIO = {
  apiVersion: API_VERSION,
  kind: 'HelmRelease',
  metadata: { name: 'minio', namespace: 'minio' },
  spec: { repo: 'https://charts.min.io/', chart: 'minio', version: '5.4.0' },
};
const REPO = ['--repo-url', 'https://git.example.com/gitops.git'];

let work: string;
let platform: string;
let out: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'dataroaster-safe-'));
  platform = join(work, 'platform');
  out = join(work, 'gitops');
  mkdirSync(platform);
  writeFileSync(join(platform, 'analytics.yaml'), dump(TRINO));
  writeFileSync(join(platform, 'minio.yaml'), dump(MINIO));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = main(argv, { out: { write: (t: string) => (stdout += t) }, err: { write: (t: string) => (stderr += t) } });
  return { status, stdout, stderr };
}

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
  return files;
}

describe('a single-spec run changes only what belongs to that spec', () => {
  test('synthesizing one spec into a folder holding the whole platform deletes nothing of the others', () => {
    expect(cli('synth', platform, '--out', out, ...REPO).status).toBe(0);
    writeFileSync(join(out, 'notes.md'), 'my own file\n');
    const whole = tree(out);
    expect(Object.keys(whole)).toEqual(
      expect.arrayContaining(['namespaces/analytics.yaml', 'namespaces/minio.yaml', 'components/trino/analytics/dataroaster-spec.yaml']),
    );

    const result = cli('synth', join(platform, 'minio.yaml'), '--out', out, ...REPO);
    expect(result).toEqual({
      status: 0,
      stdout: `${out}: up to date (${Object.keys(whole).length - 1 - Object.keys(tree(join(out, 'components/trino'))).length} files)\n`,
      stderr: '',
    });
    expect(tree(out)).toEqual(whole);
  });

  test('a changed spec rewrites its own folder and the platform-wide files only', () => {
    expect(cli('synth', platform, '--out', out, ...REPO).status).toBe(0);
    const before = tree(out);
    writeFileSync(join(platform, 'minio.yaml'), dump({ ...MINIO, spec: { ...MINIO.spec, version: '5.4.1' } }));
    expect(cli('synth', join(platform, 'minio.yaml'), '--out', out, ...REPO).status).toBe(0);
    const after = tree(out);
    const changed = Object.keys(after).filter((p) => after[p] !== before[p]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((p) => p.startsWith('components/helm-releases/minio/'))).toBe(true);
  });

  test("a given spec replaces its instance's stored spec even when that was edited into something invalid; another instance's invalid stored spec still fails", () => {
    expect(cli('synth', platform, '--out', out, ...REPO).status).toBe(0);
    const stored = (folder: string) => join(out, folder, 'dataroaster-spec.yaml');
    const trinoSpec = readFileSync(stored('components/trino/analytics'), 'utf8');
    writeFileSync(stored('components/trino/analytics'), trinoSpec.replace(/^spec:$/m, 'spec:\n  noSuchField: 1'));

    expect(cli('synth', join(platform, 'analytics.yaml'), '--out', out, ...REPO)).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(stored('components/trino/analytics'), 'utf8')).toBe(trinoSpec);

    const minioSpec = readFileSync(stored('components/helm-releases/minio'), 'utf8');
    writeFileSync(stored('components/helm-releases/minio'), minioSpec.replace(/^spec:$/m, 'spec:\n  noSuchField: 1'));
    const refused = cli('synth', join(platform, 'analytics.yaml'), '--out', out, ...REPO);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('components/helm-releases/minio/dataroaster-spec.yaml');
  });
});

describe('--prune removes instances whose spec was not given, and only then', () => {
  test('a spec removed from the input leaves its instance without --prune and removes it, with its bootstrap entries, with --prune', () => {
    expect(cli('synth', platform, '--out', out, ...REPO).status).toBe(0);
    rmSync(join(platform, 'analytics.yaml'));

    expect(cli('synth', platform, '--out', out, ...REPO).status).toBe(0);
    expect(existsSync(join(out, 'components/trino/analytics/kustomization.yaml'))).toBe(true);
    expect(existsSync(join(out, bootstrapEntryPath(FLUX_INSTANCES, 'kustomization-trino-analytics.yaml')))).toBe(true);

    const pruned = cli('synth', platform, '--out', out, ...REPO, '--prune');
    expect(pruned.status).toBe(0);
    expect(pruned.stdout).toContain('pruned TrinoCluster/analytics\n');
    expect(existsSync(join(out, 'components/trino'))).toBe(false);
    expect(existsSync(join(out, 'namespaces/analytics.yaml'))).toBe(false);
    expect(existsSync(join(out, bootstrapEntryPath(FLUX_INSTANCES, 'kustomization-trino-analytics.yaml')))).toBe(false);
    expect(existsSync(join(out, bootstrapEntryPath(ARGOCD_APPS, 'application-trino-analytics.yaml')))).toBe(false);
    expect(existsSync(join(out, 'components/helm-releases/minio/helmrelease-minio.yaml'))).toBe(true);
  });
});

describe('--check and --diff (for CI and review)', () => {
  test('--check fails with a diff on a hand-edited file, writes nothing, and passes after synth', () => {
    expect(cli('synth', platform, '--out', out, ...REPO).status).toBe(0);
    expect(cli('synth', platform, '--out', out, ...REPO, '--prune', '--check')).toMatchObject({ status: 0, stderr: '' });

    const edited = join(out, 'components/trino/analytics/kustomization.yaml');
    appendFileSync(edited, '# hand edit\n');
    const check = cli('synth', platform, '--out', out, ...REPO, '--prune', '--check');
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('--- a/components/trino/analytics/kustomization.yaml\n+++ b/components/trino/analytics/kustomization.yaml\n');
    expect(check.stdout).toContain('-# hand edit\n');
    expect(check.stderr).toBe(
      `dataroaster: ${out} is not what the specs give (0 added, 1 modified, 0 deleted): run the same command without --check to write it\n`,
    );
    expect(readFileSync(edited, 'utf8')).toContain('# hand edit');

    expect(cli('synth', platform, '--out', out, ...REPO, '--prune').status).toBe(0);
    expect(cli('synth', platform, '--out', out, ...REPO, '--prune', '--check').status).toBe(0);
  });

  test('--check on an empty folder fails and lists every file as added; --diff shows the same and exits 0; neither writes', () => {
    const check = cli('synth', platform, '--out', out, ...REPO, '--check');
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('--- /dev/null\n+++ b/components/trino/analytics/dataroaster-spec.yaml\n');
    const diff = cli('synth', platform, '--out', out, ...REPO, '--diff');
    expect(diff.status).toBe(0);
    expect(diff.stdout.startsWith(check.stdout)).toBe(true);
    expect(diff.stdout).toMatch(/would change \d+ added, 0 modified, 0 deleted\n$/);
    expect(existsSync(out)).toBe(false);
  });
});
