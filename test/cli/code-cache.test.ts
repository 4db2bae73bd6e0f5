import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// bin/dataroaster.js runs the bundle with a V8 code cache of its own in $XDG_CACHE_HOME/dataroaster: written
// after a successful run, used by the next, rewritten when V8 rejects it. The bundle and the cache are read
// through one buffer, the cache over the bundle's bytes once they are a string: whatever the cache holds,
// the CLI must do exactly what it does without one.
const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dataroaster.js');
const SPEC = join(ROOT, 'platform', 'trino-cluster-etl.yaml');

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cli-cache-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function run(args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    env: { PATH: process.env.PATH, HOME: work, XDG_CACHE_HOME: join(work, 'cache'), ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const cacheFiles = () => (existsSync(join(work, 'cache', 'dataroaster')) ? readdirSync(join(work, 'cache', 'dataroaster')).sort() : []);
const synth = (out: string) => ['synth', SPEC, '--out', join(work, out), '--allow-plaintext-secrets'];
// the files below `dir`, by path
const tree = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [join(e.parentPath, e.name).slice(dir.length), readFileSync(join(e.parentPath, e.name), 'utf8')]),
  );

describe('the CLI code cache', () => {
  test('is written by a successful run, one per command; a run from the cache does what a run without it does', () => {
    const first = run(synth('a'));
    expect(first).toMatchObject({ status: 0, stderr: '' });
    expect(cacheFiles()).toEqual([expect.stringMatching(new RegExp(`^cli-synth-${process.version}-${process.arch}-\\d+-\\d+\\.v8cache$`))]);
    const cache = readFileSync(join(work, 'cache', 'dataroaster', cacheFiles()[0]));

    const written = tree(join(work, 'a'));
    const second = run(synth('a'));
    expect(second).toEqual({ status: 0, stdout: expect.stringContaining(`${join(work, 'a')}: up to date (21 files)\n`), stderr: '' });
    expect(tree(join(work, 'a'))).toEqual(written);
    expect(run(synth('a'), { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(second);
    // used, not rewritten
    expect(readFileSync(join(work, 'cache', 'dataroaster', cacheFiles()[0]))).toEqual(cache);

    // a command with a smaller cache than the bundle (the buffer is sized for the larger of the two)
    const help = run(['help']);
    expect(help.status).toBe(0);
    expect(cacheFiles()).toHaveLength(2);
    expect(run(['help'])).toEqual(help);
  });

  test('a cache V8 rejects (corrupt, or cut short) changes nothing but is rewritten', () => {
    run(synth('a'));
    const clean = run(synth('a'));
    const [name] = cacheFiles();
    const file = join(work, 'cache', 'dataroaster', name);
    const good = readFileSync(file);
    for (const bad of [Buffer.alloc(good.length, 0x5a), good.subarray(0, good.length >> 1)]) {
      writeFileSync(file, bad);
      expect(run(synth('a'))).toEqual(clean);
      expect(readFileSync(file).equals(bad)).toBe(false);
    }
  });

  test('a failed run writes none, and NODE_DISABLE_COMPILE_CACHE=1 turns it off', () => {
    expect(run(['synth', join(work, 'missing.yaml'), '--out', join(work, 'a')]).status).not.toBe(0);
    expect(cacheFiles()).toEqual([]);
    expect(run(synth('a'), { NODE_DISABLE_COMPILE_CACHE: '1' }).status).toBe(0);
    expect(cacheFiles()).toEqual([]);
  });
});
