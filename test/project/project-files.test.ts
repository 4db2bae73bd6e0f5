import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { satisfies } from 'semver';
import pkg from '../../package.json';

const ROOT = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

test('LICENSE holds the full Apache License 2.0 text that package.json names', () => {
  expect(pkg.license).toBe('Apache-2.0');
  // sha256 of the canonical text as apache.org publishes it (LICENSE-2.0.txt, 11358 bytes).
  expect(createHash('sha256').update(read('LICENSE')).digest('hex')).toBe('cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30');
});

test('engines: Node 22 and 24 LTS are supported; Node 20 (end of life 2026-04-30) only for development', () => {
  for (const version of ['22.12.0', '22.20.0', '24.0.0', '24.21.0']) expect([version, satisfies(version, pkg.engines.node)]).toEqual([version, true]);
  for (const version of ['20.19.0', '23.0.0', '25.0.0']) expect([version, satisfies(version, pkg.engines.node)]).toEqual([version, false]);
  expect(pkg.devEngines.runtime).toMatchObject({ name: 'node', onFail: 'warn' });
  expect(satisfies('20.19.0', pkg.devEngines.runtime.version)).toBe(true);
});

test('the Dockerfile builds on a supported Node LTS image pinned by digest', () => {
  const dockerfile = read('Dockerfile');
  const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
  expect(image).toMatch(/^node:(22|24)-bookworm-slim@sha256:[0-9a-f]{64}$/);
  const froms = dockerfile.split('\n').filter((line) => line.startsWith('FROM '));
  expect(froms).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE}']);
});

test('npm run import defaults to the URLs in cdk8s.yaml; the offline folder imports the same modules', () => {
  const script = read('scripts/import-crds.sh');
  expect(pkg.scripts.import).toBe('scripts/import-crds.sh');
  // No default path outside the repository: with no argument, cdk8s import reads cdk8s.yaml.
  expect(script).not.toMatch(/\$\{1:-\.\./);
  expect(script).toContain('cdk8s import --language typescript --output "$out/imports"');
  const urls = (load(read('cdk8s.yaml')) as { imports: string[] }).imports.map((entry) => entry.split(':=')[0]);
  const offline = [...script.matchAll(/^\s+([a-z-]+):=[a-z-]+\.yaml$/gm)].map((m) => m[1]);
  expect(offline.sort()).toEqual(urls.sort());
});

test('the Node 24 run fetches Node from the npm registry and builds better-sqlite3 against its headers', () => {
  const script = read('scripts/test-node24.sh');
  expect(script).toMatch(/node-linux-\$\{?arch\}?@24|node@24/);
  expect(script).toContain('npm_config_nodedir');
});
