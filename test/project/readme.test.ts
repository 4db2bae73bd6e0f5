import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// README is the quick start and a map; topics live in docs/. Links must lead somewhere, nothing stale.
const ROOT = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const markdown = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

test('README: the two quick-start commands, a link to every topic in docs/, and short', () => {
  const readme = read('README.md');
  expect(readme).toContain('npm ci && npm start');
  expect(readme).toContain('npm test');
  expect(readme.split('\n').length).toBeLessThan(80);
  for (const doc of markdown.filter((f) => f.startsWith('docs/'))) expect([doc, readme.includes(`](${doc})`)]).toEqual([doc, true]);
});

test('every relative link in README and docs/ points at an existing file', () => {
  for (const file of markdown) {
    for (const [, target] of read(file).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      expect([file, target, existsSync(join(ROOT, dirname(file), target))]).toEqual([file, target, true]);
    }
  }
});

test('no stale sentence from before the components and the platform/ folder landed', () => {
  for (const file of markdown) {
    const text = read(file);
    for (const stale of [
      'until those components land',
      'base64 -w 0 ./trino-cluster-etl.yaml',
      '`./.dataroaster',
      'default ../shared/crds',
      'Needs Node.js 20',
    ]) {
      expect([file, stale, text.includes(stale)]).toEqual([file, stale, false]);
    }
  }
});
