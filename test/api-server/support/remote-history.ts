import { execFileSync } from 'node:child_process';

import { gitEnv } from '../../../src/delivery/git';

const git = (repo: string, args: string[], input?: string) =>
  execFileSync('git', args, { cwd: repo, env: gitEnv(), input, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });

export interface CommitRecord {
  readonly sha: string;
  readonly author: string;
  readonly committer: string;
  readonly subject: string;
  /** Paths the commit added, modified or deleted. */
  readonly paths: readonly string[];
}

/** Every commit of `ref`, oldest first, with the paths it touched. */
export function commitsOf(repo: string, ref = 'main'): CommitRecord[] {
  return git(repo, ['log', '--reverse', '--format=%H', ref])
    .trim()
    .split('\n')
    .map((sha) => {
      const [author, committer, subject] = git(repo, ['log', '-1', '--format=%an%x1f%cn%x1f%s', sha]).trim().split('\x1f');
      const paths = git(repo, ['diff-tree', '--root', '--no-commit-id', '--name-only', '-r', sha]).trim().split('\n').filter(Boolean);
      return { sha, author, committer, subject, paths };
    });
}

/** Every file of the tree at `commit`, path → text. */
export function filesAt(repo: string, commit: string): Record<string, string> {
  const paths = git(repo, ['ls-tree', '-r', '--name-only', commit]).trim().split('\n').filter(Boolean);
  return Object.fromEntries(paths.map((path) => [path, git(repo, ['show', `${commit}:${path}`])]));
}

/** The content of every object in the repository (blobs, trees, commits, tags), reachable or not. */
export function allObjects(repo: string): string {
  return git(repo, ['cat-file', '--batch-all-objects', '--batch']);
}
