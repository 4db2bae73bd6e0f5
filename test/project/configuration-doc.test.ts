import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_DATA_DIR } from '../../src/core/data-dir';
import { SERVER_ENV } from '../../src/schema/server-env';

// docs/configuration.md is the one configuration reference: every variable the code reads is in its
// table exactly once (one default each), and no other document keeps a table of its own.
const ROOT = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const rows = () =>
  read('docs/configuration.md')
    .split('\n')
    .filter((line) => /^\| `[A-Z0-9_]+` \|/.test(line))
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /, '').trim()));

test('every environment variable the code reads has exactly one row', () => {
  const read = new Set<string>();
  for (const file of [...sourceFiles('src'), ...sourceFiles('api-server'), join(ROOT, 'bin/dataroaster.js')]) {
    const text = readFileSync(file, 'utf8');
    // Variables named in code: env.X, env['X'], process.env.X, zod env schemas `X: z.…`, commander `.env('X')`, constants `= 'X'`
    for (const m of text.matchAll(/\b((?:DATAROASTER|CDK8S)_[A-Z0-9_]*[A-Z0-9])\b/g)) read.add(m[1]);
  }
  for (const name of ['PORT', 'HOST']) read.add(name);
  // Kind names and code constants that only look like variables
  for (const name of ['DATAROASTER_SERVER_KIND', 'DATAROASTER_SERVER_OWN_KIND']) read.delete(name);
  const documented = rows().map(([name]) => name.replace(/`/g, ''));
  expect(documented.filter((name, i) => documented.indexOf(name) !== i)).toEqual([]);
  expect([...read].filter((name) => !documented.includes(name)).sort()).toEqual([]);
  expect(documented.filter((name) => !read.has(name)).sort()).toEqual([]);
});

test('every row states a default, what it does and which door reads it', () => {
  for (const [name, fallback, what, doors] of rows()) {
    expect([name, fallback.length > 0, what.length > 10]).toEqual([name, true, true]);
    expect([
      name,
      doors
        .replace(/ \|$/, '')
        .split(', ')
        .every((door) => ['API', 'CLI', 'synth'].includes(door)),
    ]).toEqual([name, true]);
  }
});

test('DATAROASTER_DATA_DIR has one default, the one the code uses', () => {
  const row = rows().find(([name]) => name === '`DATAROASTER_DATA_DIR`')!;
  expect(row[1]).toBe(`\`${DEFAULT_DATA_DIR}\``);
  // No other document carries a configuration table with defaults of its own
  const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter(
    (f) => f !== 'docs/configuration.md' && f.endsWith('.md'),
  );
  for (const doc of docs) expect([doc, /^\| `DATAROASTER_DATA_DIR` \|/m.test(read(doc))]).toEqual([doc, false]);
});

test('the API server process reads exactly the variables of SERVER_ENV, and each row says the API reads it', () => {
  // src/schema/server-env.ts is the one list the readers and the DataRoasterServer construct type their names with
  const apiRows = rows()
    .filter(([, , , doors]) => doors.includes('API'))
    .map(([name]) => name.replace(/`/g, ''));
  expect(Object.keys(SERVER_ENV).sort()).toEqual(apiRows.sort());
});
