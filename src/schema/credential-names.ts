/** Words that make a setting's name look like a credential wherever they appear in it. */
const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'passphrase', 'secret', 'token', 'credential', 'credentials', 'apikey']);

/**
 * Words before a final `key` that name a lookup key rather than a credential (`topologyKey` in
 * affinity rules, `valuesKey`, `sortKey`, …); any other `<word>Key` (`accessKey`, `tls-key`) looks secret.
 */
const NON_CREDENTIAL_KEY_PREFIXES = new Set([
  'topology',
  'label',
  'sort',
  'partition',
  'routing',
  'primary',
  'foreign',
  'cache',
  'hash',
  'values',
  'value',
  'match',
  'node',
  'public',
  'index',
  'group',
  'lookup',
  'row',
  'shard',
  'config',
  'map',
]);

/** Last words that make a name a *reference* to a credential (`secretName`, `passwordSecretRef`, `tokenFile`). */
const REFERENCE_WORDS = new Set(['name', 'ref', 'file', 'path', 'enabled', 'create', 'annotations', 'labels']);

/** Splits `accessKey`, `secret-key`, `api_key`, `fs.s3a.secret.key` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Whether a setting's name looks like it holds a credential (password, secret, token, access key …),
 * so its value must live in a Secret. Names of Secrets and references to them (`existingSecret`,
 * `secretName`, `existingSecretPasswordKey`) are not credentials.
 */
export function looksLikeCredential(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || words[0] === 'existing' || REFERENCE_WORDS.has(words[words.length - 1])) return false;
  if (words.some((w) => CREDENTIAL_WORDS.has(w))) return true;
  const last = words.length - 1;
  return words[last] === 'key' && last > 0 && !NON_CREDENTIAL_KEY_PREFIXES.has(words[last - 1]);
}
