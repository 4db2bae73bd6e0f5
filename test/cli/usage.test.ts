import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { version } from '../../package.json';

// The compiled CLI as a user runs it (`npm test` builds lib/ first).
const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/dataroaster.js');

let work: string;
beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'dataroaster-usage-'))));
afterEach(() => rmSync(work, { recursive: true, force: true }));

function dataroaster(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: work } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('help and version exit 0 on stdout', () => {
  test.each([[['--help']], [['-h']], [['help']]])('dataroaster %j lists the commands', (args) => {
    const result = dataroaster(...args);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: dataroaster \[options\] \[command\]/);
    expect(result.stdout).toContain('synth [options] <spec...>');
  });

  test.each([[['synth', '--help']], [['synth', '-h']], [['help', 'synth']]])('dataroaster %j describes every synth option', (args) => {
    const result = dataroaster(...args);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: dataroaster synth \[options\] <spec\.\.\.>/);
    for (const flag of [
      '--out <dir>',
      '--repo-url <url>',
      '--branch <name>',
      '--prune',
      '--check',
      '--diff',
      '--seal-cert <file>',
      '--allow-plaintext-secrets',
    ])
      expect(result.stdout).toContain(flag);
  });

  test.each([[['--version']], [['-V']]])('dataroaster %j prints the package version', (args) => {
    expect(dataroaster(...args)).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('no command: help on stderr, exit 2', () => {
    const result = dataroaster();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Usage: dataroaster');
  });
});

describe('clear one-line errors', () => {
  test('an unknown command suggests the right one (exit 2)', () => {
    expect(dataroaster('synt')).toEqual({
      status: 2,
      stdout: '',
      stderr: `dataroaster: unknown command 'synt' (Did you mean synth?) (run "dataroaster help" for usage)\n`,
    });
  });

  test('a missing --out is a usage error (exit 2)', () => {
    expect(dataroaster('synth', 'platform/minio.yaml')).toEqual({
      status: 2,
      stdout: '',
      stderr: `dataroaster: required option '-o, --out <dir>' not specified (run "dataroaster help" for usage)\n`,
    });
  });

  test('--out naming a file says so instead of a file system error, and writes nothing', () => {
    expect(dataroaster('synth', 'platform/minio.yaml', '--out', '/etc/passwd')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'dataroaster: --out /etc/passwd: is a file, not a folder: name a folder (a checkout of the GitOps repository, or a new folder)\n',
    });
    expect(dataroaster('synth', 'platform/minio.yaml', '--out', '/etc/passwd/x')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'dataroaster: --out /etc/passwd/x: a parent of it is a file, not a folder\n',
    });
  });

  test('an empty folder is nothing to synthesize, not "wrote 1 files"', () => {
    mkdirSync(join(work, 'empty'));
    const out = join(work, 'out');
    expect(dataroaster('synth', join(work, 'empty'), '--out', out)).toEqual({
      status: 1,
      stdout: '',
      stderr: `dataroaster: nothing to synthesize: no spec documents (*.yaml, *.yml) in ${join(work, 'empty')}\n`,
    });
    expect(existsSync(out)).toBe(false);
  });

  test('a reference to an instance not given names the file that defines it', () => {
    const out = join(work, 'out');
    expect(dataroaster('synth', 'platform/spark-pi.yaml', '--out', out)).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'dataroaster: platform/spark-pi.yaml: spec.metastoreRef.name: no HiveMetastore named "hive-metastore" among the specs given or in the --out folder: pass platform/hive-metastore.yaml too\n',
    });
    expect(existsSync(out)).toBe(false);
  });

  test('without a file defining it, the hint says to pass its spec', () => {
    mkdirSync(join(work, 'alone'));
    cpSync(join(ROOT, 'platform/spark-pi.yaml'), join(work, 'alone/spark-pi.yaml'));
    const result = dataroaster('synth', join(work, 'alone'), '--out', join(work, 'out'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'no HiveMetastore named "hive-metastore" among the specs given or in the --out folder: pass its spec file too (or --out a folder that already holds it)',
    );
    expect(readdirSync(work)).toEqual(['alone']);
  });
});
