import { DeliveryError, GitAuthError, GitRemoteError, PushRejectedError } from './errors';
import { GitCommandError } from './git';

/**
 * The remote has commits we do not: fetch, redo the change on the new tip, push again. A push racing
 * another one on the remote ("cannot lock ref … is at X but expected Y", or the ref's lock file taken)
 * is the same situation, caught one step later.
 */
export function isNonFastForward(err: unknown): boolean {
  if (!(err instanceof GitCommandError)) return false;
  const text = `${err.stdout}\n${err.stderr}`;
  return /\[rejected\][^\n]*\((fetch first|non-fast-forward)\)|Updates were rejected because the (remote contains work|tip of your current branch is behind)|cannot lock ref '[^']+': (is at [0-9a-f]+ but expected|Unable to create)/.test(text);
}

const AUTH = /Authentication failed|Permission denied \(publickey|could not read (Username|Password)|terminal prompts disabled|HTTP Basic: Access denied|The requested URL returned error: (401|403)|Invalid username or password|access denied/i;
const REMOTE_REJECTED = /\[remote rejected\]|hook declined|protected branch|pre-receive hook/i;
const UNREACHABLE = /Could not resolve host|Connection refused|unable to connect|Connection timed out|Operation timed out|timed out|does not appear to be a git repository|Could not read from remote repository|unable to access|the remote end hung up|Connection reset|Failed to connect|not found|No such file or directory/i;

/**
 * Turns a failed remote git command into a typed error carrying the remote's own message (hook output,
 * HTTP status, ssh error), credentials removed. Anything else is returned as it is.
 */
export function classifyGitError(err: unknown): unknown {
  if (!(err instanceof GitCommandError)) return err;
  const text = `${err.stderr}\n${err.stdout}`;
  const remoteSaid = remoteMessage(err);
  if (REMOTE_REJECTED.test(text)) return new PushRejectedError(`push rejected by the remote: ${remoteSaid}`, { cause: err });
  if (AUTH.test(text)) return new GitAuthError(`the remote refused our credentials: ${remoteSaid}`, { cause: err });
  if (err.timedOut || UNREACHABLE.test(text)) return new GitRemoteError(`the remote is unreachable: ${remoteSaid}`, { cause: err });
  return new GitRemoteError(`git ${err.args[0]} failed: ${remoteSaid}`, { cause: err });
}

/** The lines that explain a failure: the remote's (`remote: …`), then git's `fatal:`/`error:`/`!` lines. */
function remoteMessage(err: GitCommandError): string {
  const lines = `${err.stderr}\n${err.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const remote = lines.filter((l) => l.startsWith('remote:')).map((l) => l.replace(/^remote:\s*/, '')).filter(Boolean);
  const fatal = lines.filter((l) => /^(fatal|error):|^!|\[(remote )?rejected\]|errno=/.test(l));
  const chosen = [...remote, ...fatal];
  if (err.timedOut) chosen.push('timed out');
  return (chosen.length ? chosen : lines.slice(-3)).join('; ');
}

/** True for errors the caller caused or must resolve (conflict, bad spec) rather than a broken remote. */
export function isDeliveryError(err: unknown): err is DeliveryError {
  return err instanceof DeliveryError;
}
