import type { FileChange } from './types';

export type Action = 'create' | 'update' | 'delete';

export interface CommitInfo {
  readonly component: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly action: Action;
  readonly user: string;
  readonly requestId: string;
  readonly specHash: string;
  readonly version: string;
  readonly files: readonly FileChange[];
}

const LETTER = { added: 'A', modified: 'M', deleted: 'D' } as const;

/** `trino: create trino-cluster-etl` — what a reviewer scans in `git log --oneline`. */
export function commitSubject(info: Pick<CommitInfo, 'component' | 'action' | 'name'>): string {
  return `${info.component}: ${info.action} ${info.name}`;
}

/**
 * Subject, a body listing the files touched (`A`/`M`/`D` like `git diff --name-status`), and trailers
 * `git interpret-trailers` understands, so tools can find a commit by request id or spec hash.
 */
export function commitMessage(info: CommitInfo): string {
  return [
    commitSubject(info),
    '',
    `Requested by ${info.user} for ${info.kind} ${info.namespace}/${info.name}.`,
    '',
    'Files:',
    ...info.files.map((f) => `  ${LETTER[f.status]} ${f.path}`),
    '',
    `DataRoaster-Request-Id: ${info.requestId}`,
    `DataRoaster-Spec-Hash: ${info.specHash}`,
    `DataRoaster-Version: ${info.version}`,
    `DataRoaster-Instance: ${info.kind}/${info.name}`,
    '',
  ].join('\n');
}

/** A request id made safe for a trailer and a branch name: `[A-Za-z0-9._-]`, at most 64 characters. */
export function safeRequestId(requestId: string): string {
  return (
    requestId
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 64) || 'request'
  );
}
