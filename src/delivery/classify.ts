import { normalize } from 'node:path';

import { DeliveryError, GitAuthError, GitPermissionError, GitRemoteError, GitTimeoutError, PushRejectedError } from './errors';
import { GitCommandError } from './git';

/** The remote's ref lock is taken: `Unable to create '<repo>/refs/heads/<branch>.lock': File exists`. */
const LOCKED = /cannot lock ref '[^']+': Unable to create '([^']+\.lock)': File exists/;
/** The remote has commits we do not (or another push won the race for the ref): fetch, redo, push again. */
const NON_FAST_FORWARD =
  /\[rejected\][^\n]*\((fetch first|non-fast-forward)\)|Updates were rejected because the (remote contains work|tip of your current branch is behind)|cannot lock ref '[^']+': (is at [0-9a-f]+ but expected|reference already exists)/;
/** The remote does not know who we are: missing or wrong credentials. */
const CREDENTIALS =
  /Authentication failed|Permission denied \(publickey|could not read (Username|Password)|terminal prompts disabled|HTTP Basic: Access denied|The requested URL returned error: 401|Invalid username or password/i;
/** The remote knows who we are (or does not ask) and refuses: no write access, a read-only path. */
const PERMISSION =
  /The requested URL returned error: 403|Permission denied|insufficient permission|permission to \S+ denied|not granted|access denied|Operation not permitted|Read-only file system/i;
const REMOTE_REJECTED = /\[remote rejected\]|hook declined|protected branch|pre-receive hook/i;
const UNREACHABLE =
  /Could not resolve host|Connection refused|unable to connect|Connection timed out|Operation timed out|timed out|does not appear to be a git repository|Could not read from remote repository|unable to access|the remote end hung up|Connection reset|Failed to connect|not found|No such file or directory/i;

/**
 * What a failed push means for the writer: 'non-fast-forward' (fetch and redo), `{ locked }` (the ref lock
 * is taken: a concurrent push, or a stale lock file a crashed git left on the remote), or undefined for
 * a failure `classifyGitError` explains.
 */
export function pushOutcome(err: unknown): 'non-fast-forward' | { locked: string } | undefined {
  if (!(err instanceof GitCommandError) || err.timedOut) return undefined;
  const text = `${err.stdout}\n${err.stderr}`;
  const lock = LOCKED.exec(text);
  if (lock) return { locked: lock[1].startsWith('/') ? normalize(lock[1]) : lock[1] }; // `<repo>/./refs/…` on a local remote
  return NON_FAST_FORWARD.test(text) ? 'non-fast-forward' : undefined;
}

/**
 * Turns a failed remote git command into a typed error carrying what git and the remote said (hook
 * output, HTTP status, ssh error), credentials removed. Anything else is returned as it is.
 */
export function classifyGitError(err: unknown): unknown {
  if (!(err instanceof GitCommandError)) return err;
  const text = `${err.stderr}\n${err.stdout}`;
  const said = remoteMessage(err);
  if (err.timedOut && err.limit === 'total') {
    return new GitTimeoutError(
      `the remote kept git ${err.args[0]} running longer than ${Math.round((err.timeoutMs ?? 0) / 1000)} s${said ? `: ${said}` : ''}`,
      { cause: err },
    );
  }
  if (err.timedOut) {
    return new GitTimeoutError(
      `the remote did not answer within ${Math.round((err.timeoutMs ?? 0) / 100) / 10} s (git ${err.args[0]})${said ? `: ${said}` : ''}`,
      { cause: err },
    );
  }
  if (CREDENTIALS.test(text)) return new GitAuthError(`the remote refused our credentials: ${said}`, { cause: err });
  if (PERMISSION.test(text)) return new GitPermissionError(`the remote denied access: ${said}`, { cause: err });
  if (REMOTE_REJECTED.test(text)) return new PushRejectedError(`push rejected by the remote: ${said}`, { cause: err });
  if (UNREACHABLE.test(text)) return new GitRemoteError(`the remote is unreachable: ${said}`, { cause: err });
  return new GitRemoteError(`git ${err.args[0]} failed: ${said}`, { cause: err });
}

/** The lines that explain a failure: the remote's (`remote: …`), then git's `fatal:`/`error:`/`!` lines. */
function remoteMessage(err: GitCommandError): string {
  const lines = `${err.stderr}\n${err.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const remote = lines
    .filter((l) => l.startsWith('remote:'))
    .map((l) => l.replace(/^remote:\s*/, ''))
    .filter(Boolean);
  const fatal = lines.filter((l) => /^(fatal|error):|^!|\[(remote )?rejected\]|errno=/.test(l));
  const chosen = [...remote, ...fatal];
  return (chosen.length ? chosen : lines.slice(-3)).join('; ');
}

/** True for errors the caller caused or must resolve (conflict, bad spec) rather than a broken remote. */
export function isDeliveryError(err: unknown): err is DeliveryError {
  return err instanceof DeliveryError;
}
