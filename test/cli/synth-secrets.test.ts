import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testKeys } from '../secrets/support';

// The real command, as a user runs it (bin/dataroaster.js runs the compiled lib/; `npm test` builds it first).
const BIN = join(__dirname, '..', '..', 'bin', 'dataroaster.js');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-secrets-'));
  writeFileSync(join(dir, 'cert.pem'), testKeys().certificatePem);
  writeFileSync(join(dir, 'empty.yaml'), '');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function dataroaster(...args: string[]) {
  const env = { PATH: process.env.PATH, DATAROASTER_DATA_DIR: join(dir, 'data') };
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('dataroaster synth: sealing flags', () => {
  test.each([
    [['--seal-scope', 'galaxy'], 'dataroaster: --seal-scope must be one of strict, namespace-wide, cluster-wide (got "galaxy") (run "dataroaster help" for usage)\n'],
    [['--seal-cert', 'cert.pem', '--allow-plaintext-secrets'], 'dataroaster: --seal-cert and --allow-plaintext-secrets contradict each other: choose one (run "dataroaster help" for usage)\n'],
  ])('%j is a usage error (exit 2)', (flags, stderr) => {
    expect(dataroaster('synth', 'empty.yaml', '--out', 'out', ...flags)).toEqual({ status: 2, stdout: '', stderr });
  });

  test('an unreadable certificate stops before anything is written (exit 1)', () => {
    expect(dataroaster('synth', 'empty.yaml', '--out', 'out', '--seal-cert', 'missing.pem')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'dataroaster: missing.pem: cannot read sealing certificate: no such file\n',
    });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('help lists the sealing flags', () => {
    const { stdout } = dataroaster('help');
    expect(stdout).toContain('--seal-cert CERT.pem');
    expect(stdout).toContain('--seal-hash-key FILE');
    expect(stdout).toContain('--allow-plaintext-secrets');
  });
});
