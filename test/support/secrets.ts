import { execFileSync } from 'node:child_process';
import type { KeyObject } from 'node:crypto';

import { loadAll } from 'js-yaml';

import type { KubeObject } from '../../src/core/render';
import { isSealedSecret, unsealSecret } from '../../src/secrets/sealed-secrets/sealed-secret';
import { isPlainSecret, secretTexts } from '../../src/secrets/secret-values';

/**
 * Every value sealed in the SealedSecrets of a set of files (path → text; `*.yaml` are read), opened with the controller's
 * private key — e.g. the key the server generated in its data directory. With the values a test sent,
 * these are what must never be found in Git.
 */
export function unsealedValues(files: Readonly<Record<string, string>>, privateKey: KeyObject): string[] {
  return Object.entries(files)
    .filter(([path]) => /\.ya?ml$/.test(path))
    .flatMap(([, text]) => loadAll(text) as unknown[])
    .filter(isSealedSecret)
    .flatMap((sealed) => Object.values(unsealSecret(sealed, privateKey).data).map((value) => value.toString('utf8')));
}

/**
 * Where secret values occur anywhere in a repository's history: every commit message and every line
 * any commit added or removed, on every ref — as is and base64-encoded (a Secret's `data`).
 * @returns one entry per value found, empty when the history is clean
 */
export function historyHits(repository: string, values: readonly string[]): { value: string; encoding: 'plain' | 'base64' }[] {
  const history = execFileSync('git', ['log', '--all', '--full-history', '-p', '--format=%H%n%B', '--no-color', '--text'], {
    cwd: repository,
    maxBuffer: 512 * 1024 * 1024,
  }).toString('utf8');
  return values.flatMap((value) => [
    ...(history.includes(value) ? [{ value, encoding: 'plain' as const }] : []),
    ...(history.includes(Buffer.from(value).toString('base64')) ? [{ value, encoding: 'base64' as const }] : []),
  ]);
}

/**
 * Secret values a component also writes outside Secrets (a ConfigMap, an env value, args): each is a
 * credential left inline. Build in plaintext mode and pass the objects; expect `[]`.
 */
export function inlineSecretValues(objects: readonly KubeObject[]): { secret: string; key: string; foundIn: string }[] {
  const outside = objects.filter((o) => !isPlainSecret(o)).map((o) => ({ id: `${o.kind} ${o.metadata.name}`, text: JSON.stringify(o) }));
  return objects
    .filter(isPlainSecret)
    .flatMap((secret) =>
      Object.entries(secretTexts(secret)).flatMap(([key, value]) =>
        value === ''
          ? []
          : outside
              .filter((o) => o.text.includes(JSON.stringify(value).slice(1, -1)))
              .map((o) => ({ secret: secret.metadata.name, key, foundIn: o.id })),
      ),
    );
}
