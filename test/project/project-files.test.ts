import { spawnSync } from 'node:child_process';
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

test('CI runs the suite on Node 24 too: Node from the npm registry, better-sqlite3 built against 24.x headers from before nodejs/node#65446', () => {
  const script = read('scripts/test-node24.sh');
  expect(script).toContain('npm pack --silent "node-linux-${arch}@24"');
  // Headers of 24.19 and newer make better-sqlite3 abort on the collection of a statement (see check-sqlite-addon.js).
  const headers = /^HEADERS_VERSION=(\S+)$/m.exec(script)?.[1];
  expect(headers).toBeDefined();
  expect(satisfies(headers!, '>=24.0.0 <24.19.0')).toBe(true);
  expect(script).toContain('node-linux-${arch}@${HEADERS_VERSION}');
  expect(script).toContain('npm_config_nodedir="$node24/headers/package" npm_config_build_from_source=true npm rebuild better-sqlite3');
  expect(script.indexOf('node scripts/check-sqlite-addon.js')).toBeGreaterThan(script.indexOf('npm rebuild better-sqlite3'));
  // .ci/run calls it after the Node 20 suite and the dist/ check, and it is not commented out
  const ci = read('.ci/run').split('\n');
  const at = (line: string) => ci.findIndex((l) => l.trim() === line);
  expect(at('scripts/test-node24.sh')).toBeGreaterThan(at('npm test'));
  expect(at('scripts/test-node24.sh')).toBeGreaterThan(ci.findIndex((l) => l.includes('dist/ is out of date')));
  expect(at('npm test')).toBeGreaterThan(-1);
  // and the image build checks its addon the same way
  expect(read('Dockerfile')).toMatch(/npm rebuild better-sqlite3 && node scripts\/check-sqlite-addon\.js$/m);
});

test('the installed better-sqlite3 survives the garbage collection of its statements (scripts/check-sqlite-addon.js)', () => {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/check-sqlite-addon.js')], { encoding: 'utf8' });
  expect([run.status, run.stderr]).toEqual([0, '']);
  expect(run.stdout).toBe(`better-sqlite3 on Node ${process.version}: statements are garbage-collected without harm\n`);
}, 60_000);
