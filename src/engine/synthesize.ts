import { App, Chart } from 'cdk8s';
import { load } from 'js-yaml';

import { fullRegistry } from '../components/on-demand';
import { ComponentDefinition, definitionOf, GitOpsFlavour, PodSecurityLevel, Registry } from '../core/component';
import { instanceKey, InstanceRef, InstanceSpec } from '../core/instance';
import { KubeObject, kustomization, objectFileName, toYaml } from '../core/render';
import { SpecError } from '../schema/errors';
import { cryptoRandom, fillGenerated, RandomSource } from '../secrets/generated';
import { PlaintextSecretError, SealContext, SecretPolicy } from '../secrets/policy';
import { containsSealedReference, SealedReferenceError, sealedReferencesIn } from '../secrets/sealed-reference';
import { isPlainSecret, secretTexts } from '../secrets/secret-values';
import { assertNoSecretValuesStored, storedSpecOf } from '../secrets/stored-spec';
import { namespaceObjects } from './namespaces';
import { annotateSecretHashes } from './secrets-hash';

export interface SynthesisOptions {
  /**
   * Instances already in the platform (e.g. read from the GitOps repository). References may point at
   * them and their namespaces are kept, but they are not synthesized.
   */
  readonly known?: readonly InstanceSpec[];
  /** What happens to Secrets. @default { mode: 'refuse' } */
  readonly secrets?: SecretPolicy;
  /** The file at `path` from the last synthesis, if any; lets sealing keep unchanged ciphertexts. */
  readonly previous?: (path: string) => string | undefined;
  /** Randomness for generated secret values (database passwords). @default node:crypto */
  readonly random?: RandomSource;
  /** The components that synthesize the specs' kinds. @default REGISTRY, every built-in component */
  readonly registry?: Registry;
  /** The platform's GitOps agent, for components emitting its objects (Helm releases). @default 'flux' */
  readonly gitops?: GitOpsFlavour;
  /** Namespaces (names, `prefix*`) that get no Namespace object. @default DEFAULT_RESERVED_NAMESPACES */
  readonly reservedNamespaces?: readonly string[];
}

export interface SynthesizedInstance {
  readonly spec: InstanceSpec;
  /** The spec as it may be stored beside the manifests (in Git): no secret values in it. */
  readonly storedSpec: InstanceSpec;
  /** Folder of its files, e.g. `trino/trino-cluster-etl`. */
  readonly directory: string;
  /** Paths (under `directory`) of its files, sorted. */
  readonly paths: readonly string[];
  readonly references: readonly InstanceRef[];
}

export interface Synthesis {
  readonly instances: readonly SynthesizedInstance[];
  /** Every output file, path → YAML text, in path order. */
  readonly files: Readonly<Record<string, string>>;
}

/** Folder of the Namespace objects every instance needs; applied before any instance. */
export const NAMESPACES_DIRECTORY = 'namespaces';

/**
 * The one synthesis engine: validated specs in, Kubernetes YAML files out. Pure — no disk, no
 * network, no clock — so the CLI, `cdk8s synth` and the API server give byte-identical files.
 */
export function synthesize(specs: readonly InstanceSpec[], options: SynthesisOptions = {}): Synthesis {
  const registry = options.registry ?? fullRegistry();
  const componentOf = (spec: InstanceSpec): ComponentDefinition => {
    const component = definitionOf(registry, spec.kind);
    if (!component) throw new SpecError(instanceKey(spec), [{ path: 'kind', message: `no component synthesizes kind "${spec.kind}"` }]);
    return component;
  };
  const building = new Set(specs.map(instanceKey));
  const platform = [...specs, ...(options.known ?? []).filter((k) => !building.has(instanceKey(k)))];
  const find = <S extends InstanceSpec>(kind: string, name: string) =>
    platform.find((s) => s.kind === kind && s.metadata.name === name) as S | undefined;

  const references = specs.map((spec) => checkReferences(spec, componentOf(spec), find));
  const build = (spec: InstanceSpec): KubeObject[] => {
    const chart = new Chart(new App({ outdir: 'unused' }), instanceKey(spec).replace('/', '-'), {
      namespace: spec.metadata.namespace,
      disableResourceNameHashes: true,
    });
    componentOf(spec).build(chart, spec, { find, gitops: options.gitops ?? 'flux' });
    return chart.toJson() as KubeObject[];
  };
  const built = specs.map(build);

  const files: Record<string, string> = {};
  const owners = new Map<string, string>();
  const plaintext: string[] = [];
  const instances = specs.map((spec, i) => {
    const directory = `${componentOf(spec).folder}/${spec.metadata.name}`;
    const names: string[] = [];
    // Before anything is written: the stored spec must be free of secret values, or synthesis fails.
    const stored = storedSpecOf(spec, built[i], build);
    const sealed = built[i].map((obj) => {
      claimObject(owners, obj, instanceKey(spec));
      return applySecretPolicy(obj, `${directory}/${objectFileName(obj)}`, options, plaintext, stored.secretValues.get(obj.metadata.name));
    });
    // After sealing: pods roll when a Secret they read changes (the hash of its stable ciphertext).
    for (const written of annotateSecretHashes(sealed)) {
      const name = objectFileName(written);
      if (names.includes(name)) throw new Error(`${instanceKey(spec)}: two objects would be written to ${directory}/${name}`);
      names.push(name);
      files[`${directory}/${name}`] = toYaml(written);
    }
    files[`${directory}/kustomization.yaml`] = kustomization(names);
    return { spec, storedSpec: stored.spec, directory, paths: [...names, 'kustomization.yaml'].sort(), references: references[i] };
  });
  if (plaintext.length) throw new PlaintextSecretError(plaintext);
  assertNoSecretValuesStored(
    instances.map((i) => i.storedSpec),
    built.flat(),
  );

  const namespaces = namespaceObjects(platform, (spec) => podSecurityOf(componentOf(spec), spec), options.reservedNamespaces);
  for (const ns of namespaces) files[`${NAMESPACES_DIRECTORY}/${ns.metadata.name}.yaml`] = toYaml(ns);
  files[`${NAMESPACES_DIRECTORY}/kustomization.yaml`] = kustomization(namespaces.map((ns) => `${ns.metadata.name}.yaml`));

  return {
    instances,
    files: Object.fromEntries(
      Object.keys(files)
        .sort()
        .map((p) => [p, files[p]]),
    ),
  };
}

/** The values of the plain Secret a previous run wrote at this path (none when it was sealed, or is not a Secret). */
function previousPlainValues(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  let previous: unknown;
  try {
    previous = load(text);
  } catch {
    return undefined; // not YAML any more: generate anew
  }
  const obj = previous as KubeObject | null;
  return obj && typeof obj === 'object' && isPlainSecret(obj) ? secretTexts(obj) : undefined;
}

function podSecurityOf(component: ComponentDefinition, spec: InstanceSpec): PodSecurityLevel {
  const level = component.podSecurity ?? 'restricted';
  return typeof level === 'function' ? level(spec) : level;
}

/** Two instances must never write the same object: the GitOps agents would fight over it. */
function claimObject(owners: Map<string, string>, obj: KubeObject, owner: string): void {
  const id = `${obj.apiVersion} ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
  const first = owners.get(id);
  if (first !== undefined && first !== owner) {
    throw new SpecError(owner, [
      { path: 'metadata.name', message: `would write ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}, which ${first} writes too` },
    ]);
  }
  owners.set(id, owner);
}

function checkReferences(
  spec: InstanceSpec,
  component: ComponentDefinition,
  find: (kind: string, name: string) => InstanceSpec | undefined,
): InstanceRef[] {
  const refs = component.references?.(spec) ?? [];
  const missing = refs.filter((ref) => !find(ref.kind, ref.name));
  if (missing.length) {
    throw new SpecError(
      instanceKey(spec),
      missing.map((ref) => ({ path: ref.path, message: `no ${ref.kind} named "${ref.name}" in the platform` })),
    );
  }
  return refs;
}

function applySecretPolicy(
  obj: KubeObject,
  path: string,
  options: SynthesisOptions,
  plaintext: string[],
  storedValues: SealContext['storedValues'],
): KubeObject {
  if (!isPlainSecret(obj)) return obj;
  const policy = options.secrets ?? { mode: 'refuse' };
  switch (policy.mode) {
    case 'plaintext': {
      const referring = Object.entries(secretTexts(obj)).find(([, value]) => containsSealedReference(value));
      if (referring)
        throw new SealedReferenceError(
          `Secret ${obj.metadata.namespace}/${obj.metadata.name} key ${referring[0]} refers to a sealed value (${sealedReferencesIn(referring[1]).join(', ')}), which cannot be written in plaintext`,
        );
      return { ...obj, stringData: fillGenerated(obj.stringData, options.random ?? cryptoRandom, previousPlainValues(options.previous?.(path))) };
    }
    case 'refuse':
      plaintext.push(`${obj.metadata.namespace}/${obj.metadata.name}`);
      return obj;
    case 'seal': {
      const previous = options.previous?.(path.replace(/[^/]+$/, `sealedsecret-${obj.metadata.name}.yaml`));
      return policy.sealer.seal(obj, previous === undefined ? undefined : (load(previous) as KubeObject), {
        random: options.random ?? cryptoRandom,
        storedValues,
      });
    }
  }
}
