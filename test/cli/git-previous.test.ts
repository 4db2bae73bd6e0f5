import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { previousFileInGit } from '../../src/cli/git-previous';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'git-previous-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });

describe('previousFileInGit', () => {
  test('reads the committed file under the output folder, even after the folder was deleted (as cdk8s synth does)', () => {
    // Given dist/ committed, then deleted and partly rewritten in the working tree
    git('init', '-q');
    mkdirSync(join(dir, 'dist', 'vault', 'v'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'vault', 'v', 'sealedsecret-v.yaml'), 'committed\n');
    git('add', '.');
    git('commit', '-q', '-m', 'dist');
    rmSync(join(dir, 'dist'), { recursive: true });
    // When / Then
    const previous = previousFileInGit('dist', 'HEAD', dir);
    expect(previous('vault/v/sealedsecret-v.yaml')).toBe('committed\n');
    expect(previous('vault/v/sealedsecret-new.yaml')).toBeUndefined();
    expect(previousFileInGit(join(dir, 'dist'), 'HEAD', dir)('vault/v/sealedsecret-v.yaml')).toBe('committed\n');
  });

  test('outside a git checkout, or before the first commit, there is no previous file', () => {
    expect(previousFileInGit('dist', 'HEAD', dir)('a.yaml')).toBeUndefined();
    git('init', '-q');
    expect(previousFileInGit('dist', 'HEAD', dir)('a.yaml')).toBeUndefined();
  });
});
