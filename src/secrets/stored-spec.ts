import type { InstanceSpec } from '../core/instance';
import { instanceKey } from '../core/instance';
import type { KubeObject } from '../core/render';
import { formatPath } from '../schema/errors';
import { containsSealedReference, sealedReference } from './sealed-reference';
import { isPlainSecret, plaintextSecretValues, secretTexts } from './secret-values';
import { findOccurrences, Occurrence, replaceOccurrences } from './spec-occurrences';

/** A spec that cannot be stored without its secret values, because of how its component uses them. */
export class SecretHoistingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface StoredSpec {
  /** The spec with a sealed reference (`sealed:<secret>/<key>`) wherever a Secret's plaintext was. */
  readonly spec: InstanceSpec;
  /** Per Secret name: the values it gets when the stored spec is synthesized (references in place of plaintext). */
  readonly secretValues: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/**
 * The spec as it may be stored in Git. Works for every component without its help, by watching what
 * the component does with the values:
 * 1. every plaintext that went into a Secret is looked for in the spec's strings (whole or inside), and
 *    every spec value written inside a longer Secret value (a properties or Helm values file);
 * 2. each occurrence is replaced by a unique probe and the instance built again: an occurrence whose
 *    probe shows up only inside Secret values is a credential and becomes a sealed reference; one that
 *    shows up elsewhere (a user name that equals a password, say) is configuration and stays;
 * 3. the stored spec is built once more: everything but the Secret values must come out the same, and
 *    each changed Secret value must visibly hold its reference — else the stored spec could not be
 *    synthesized back into the same SealedSecrets, and this throws.
 * @param build the instance's objects for a spec (the component, on a fresh chart)
 */
export function storedSpecOf(spec: InstanceSpec, objects: readonly KubeObject[], build: (spec: InstanceSpec) => readonly KubeObject[]): StoredSpec {
  const plain = new Map(objects.filter(isPlainSecret).map((secret) => [secret.metadata.name, secretTexts(secret)]));
  const occurrences = findOccurrences(spec.spec, plaintextSecretValues(objects));
  const credentials = credentialOccurrences(spec, occurrences, build);
  if (credentials.length === 0) return { spec, secretValues: plain };

  const stored = { ...spec, spec: replaceOccurrences(spec.spec, credentials, (o) => sealedReference(o.value.secret, o.value.key)) };
  let rebuilt: readonly KubeObject[];
  try {
    rebuilt = build(stored);
  } catch (err) {
    throw new SecretHoistingError(
      `${instanceKey(spec)}: cannot store this spec without its secret values: building it with sealed references fails: ${(err as Error).message}`,
      { cause: err },
    );
  }
  return { spec: stored, secretValues: compareRebuilt(instanceKey(spec), objects, rebuilt) };
}

/**
 * The occurrences that are credentials: their probe shows up in Secret values only (or, for a value
 * found whole in the spec, nowhere). Probes go in by halves: one that makes the build fail on its own
 * sits in a field the component checks — configuration, not a credential.
 */
function credentialOccurrences(
  spec: InstanceSpec,
  occurrences: readonly Occurrence[],
  build: (spec: InstanceSpec) => readonly KubeObject[],
): Occurrence[] {
  const credentials: Occurrence[] = [];
  const probe = (group: readonly Occurrence[]): void => {
    let objects: readonly KubeObject[];
    try {
      objects = build({ ...spec, spec: replaceOccurrences(spec.spec, group, probeFor) });
    } catch {
      if (group.length > 1) [group.slice(0, group.length / 2), group.slice(group.length / 2)].forEach(probe);
      return;
    }
    const configuration = objects.map(configurationText).join('\n');
    const secrets = objects
      .filter(isPlainSecret)
      .flatMap((s) => Object.values(secretTexts(s)))
      .join('\n');
    for (const o of group) {
      if (!configuration.includes(probeFor(o)) && (!o.inside || secrets.includes(probeFor(o)))) credentials.push(o);
    }
  };
  if (occurrences.length > 0) probe(occurrences);
  return credentials.sort((a, b) => a.id - b.id);
}

/** A stand-in shaped like a sealed reference and unique to one occurrence (the `#n#` ends it). */
function probeFor(occurrence: Occurrence): string {
  return `${sealedReference(occurrence.value.secret, occurrence.value.key)}#${occurrence.id}#`;
}

/** Everything of an object but its Secret values, as text to look for probes in. */
function configurationText(obj: KubeObject): string {
  if (!isPlainSecret(obj)) return JSON.stringify(obj);
  const { stringData: _s, data: _d, ...rest } = obj;
  return JSON.stringify(rest);
}

function compareRebuilt(instance: string, objects: readonly KubeObject[], rebuilt: readonly KubeObject[]): Map<string, Record<string, string>> {
  const fail = (what: string) => {
    throw new SecretHoistingError(`${instance}: cannot store this spec without its secret values: ${what}`);
  };
  const id = (o: KubeObject) => `${o.kind} ${o.metadata.name}`;
  if (objects.map(id).join() !== rebuilt.map(id).join()) fail('with sealed references it builds other objects');
  const values = new Map<string, Record<string, string>>();
  objects.forEach((obj, i) => {
    const again = rebuilt[i];
    if (configurationText(obj) !== configurationText(again)) fail(`${id(obj)} changes when the spec holds sealed references instead of the values`);
    if (!isPlainSecret(obj) || !isPlainSecret(again)) return;
    const [before, after] = [secretTexts(obj), secretTexts(again)];
    if (Object.keys(before).join() !== Object.keys(after).join()) fail(`Secret ${obj.metadata.name} gets other keys with sealed references`);
    for (const key of Object.keys(before)) {
      if (after[key] !== before[key] && !containsSealedReference(after[key])) {
        fail(
          `Secret ${obj.metadata.name} key ${key} is derived from a secret value in a way that hides its reference (the component must put the value into a Secret key as it is, or inside a text)`,
        );
      }
    }
    values.set(obj.metadata.name, after);
  });
  return values;
}

/**
 * The last line of defence, across the whole synthesis: no Secret value of any instance — nor any part
 * of one taken from a spec — may be left in a stored spec, unless that text is written in a manifest
 * outside Secrets anyway (a user name that is also a password), where storing it reveals nothing new.
 * Catches what the per-instance probing cannot: a credential copied from another instance's spec, or
 * one whose field rejects a sealed reference.
 */
export function assertNoSecretValuesStored(stored: readonly InstanceSpec[], objects: readonly KubeObject[]): void {
  const configuration = objects
    .filter((o) => !isPlainSecret(o))
    .map((o) => JSON.stringify(o))
    .join('\n');
  const inConfiguration = (text: string) => configuration.includes(JSON.stringify(text).slice(1, -1));
  const values = plaintextSecretValues(objects);
  for (const spec of stored) {
    const found = findOccurrences(spec.spec, values).find((o) => !containsSealedReference(o.text) && !inConfiguration(o.text));
    if (found) {
      const where = formatPath(JSON.parse(found.leaf) as (string | number)[]);
      throw new SecretHoistingError(
        `${instanceKey(spec)}: spec.${where}: would be stored in plaintext, but it is secret (it goes into Secret ${found.value.secret} key ${found.value.key}): its component must accept a sealed reference there, and never copy a credential from another instance`,
      );
    }
  }
}
