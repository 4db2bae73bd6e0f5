import { fullRegistry, registryFor } from '../components/on-demand';
import { definitionOf, Registry } from '../core/component';
import { instanceKey, InstanceSpec } from '../core/instance';
import type { FileChange } from '../delivery/types';
import { synthesize } from '../engine/synthesize';
import type { BootstrapOptions, GitOpsAgent } from '../gitops/bootstrap/options';
import { BOOTSTRAP_ROOT, NAMESPACES_ROOT, README_FILE, repoPath } from '../gitops/layout';
import { platformFiles } from '../gitops/platform-files';
import { instanceRepoFiles, platformInstanceOf } from '../gitops/repository-files';
import { namespacesTier } from '../gitops/sentinel';
import { SpecError } from '../schema/errors';
import { loadSpecs } from '../schema/load';
import type { SecretPolicy } from '../secrets/policy';
import { missingReferences } from './missing-references';
import { fileChanges, readStoredInstances, readText, readTree, writeChanges } from './out-folder';
import { OutDirError, prepareOutDir } from './output-dir';
import { readSpecFiles } from './spec-files';

export interface SynthRequest {
  /** Spec files and folders. */
  readonly paths: readonly string[];
  /** Folder to write: a checkout of the GitOps repository, or an empty folder. */
  readonly out: string;
  readonly secrets: SecretPolicy;
  readonly gitops?: GitOpsAgent;
  /** Writes the Argo CD / Flux bootstrap and README.md, as the server does for its repository. */
  readonly bootstrap?: BootstrapOptions;
  /** Removes instances in `out` whose spec was not given (a whole-platform run). */
  readonly prune?: boolean;
  /** Only compute what would change; write nothing. */
  readonly dryRun?: boolean;
  /** The components. @default - the built-in ones the given specs and those in `out` need (registryFor) */
  readonly registry?: Registry;
  /** Namespaces no spec may use (DATAROASTER_RESERVED_NAMESPACES). @default DEFAULT_RESERVED_NAMESPACES */
  readonly reservedNamespaces?: readonly string[];
  /** The previous content of an output file when the folder does not hold it (sealed ciphertexts from Git). */
  readonly previous?: (repositoryPath: string) => string | undefined;
}

export interface SynthResult {
  /** What the run changes (or, dry, would change) in `out`, by repository path. */
  readonly changes: readonly FileChange[];
  readonly before: ReadonlyMap<string, string>;
  readonly after: ReadonlyMap<string, string>;
  /** Instances of `out` that were removed (`prune`). */
  readonly pruned: readonly string[];
}

/**
 * `dataroaster synth`: writes the GitOps repository layout the API server commits (components/, the
 * namespaces tier and, given the repository URL, the Argo CD and Flux bootstrap and README) from the
 * same functions. Instances already in `out` (their stored specs) count as the rest of the platform, as
 * they do for the server: only the given instances' folders and the platform-wide files change.
 */
export function synthToFolder(request: SynthRequest): SynthResult {
  const docs = readSpecFiles(request.paths);
  if (docs.length === 0) throw new NothingToSynthesizeError(request.paths);
  // Only the components these documents and the instances in `out` are of are loaded (start-up time).
  const specs = loadSpecs(request.registry ?? registryFor(docs.map((d) => d.data)), docs, { reservedNamespaces: request.reservedNamespaces });
  prepareOutDir(request.out, { create: false });

  const given = new Set(specs.map(instanceKey));
  // the given instances' own stored specs are not read: their folders are rewritten from the given specs
  const others = readStoredInstances(request.out, request.registry ?? ((found) => registryFor([...specs, ...found])), given);
  const registry = request.registry ?? registryFor([...specs, ...others.map((s) => s.spec)]);
  const pruned = request.prune ? others : [];
  const known = request.prune ? [] : others;
  checkReferences(
    registry,
    request.registry ?? fullRegistry,
    specs,
    known.map((s) => s.spec),
    docs.map((d) => d.source),
    request.paths,
  );

  const previous = (enginePath: string) => readText(request.out, repoPath(enginePath)) ?? request.previous?.(repoPath(enginePath));
  const gitops = request.bootstrap?.agent ?? request.gitops;
  const synthesis = synthesize(specs, {
    known: known.map((s) => s.spec),
    previous,
    secrets: request.secrets,
    gitops,
    registry,
    reservedNamespaces: request.reservedNamespaces,
  });

  const after = new Map<string, string>();
  for (const instance of synthesis.instances) for (const [path, text] of instanceRepoFiles(synthesis, instance)) after.set(path, text);
  const platform = [
    ...known.map((s) => platformInstanceOf(registry, s.spec, s.component, gitops ?? 'flux')),
    ...synthesis.instances.map((i) => platformInstanceOf(registry, i.spec, i.directory.split('/')[0], gitops ?? 'flux')),
  ];
  const shared = request.bootstrap ? platformFiles(platform, synthesis.files, request.bootstrap) : namespacesTier(synthesis.files);
  for (const [path, text] of Object.entries(shared)) after.set(path, text);

  // What this run owns in `out`: the given instances' folders, pruned ones, the platform-wide files.
  // Anything else (other instances, files of the user's own) is left as it is.
  const owned = [
    ...synthesis.instances.map((i) => repoPath(i.directory)),
    ...pruned.map((s) => s.folder),
    NAMESPACES_ROOT,
    ...(request.bootstrap ? [BOOTSTRAP_ROOT, README_FILE] : []),
  ];
  const before = new Map<string, string>();
  for (const root of owned) for (const [path, text] of readTree(request.out, root)) before.set(path, text);
  const changes = fileChanges(before, after);
  if (!request.dryRun && changes.length > 0) {
    prepareOutDir(request.out, { create: true });
    try {
      writeChanges(request.out, changes, after);
    } catch (err) {
      throw new OutDirError(request.out, `cannot write into it: ${(err as Error).message}`);
    }
  }
  return { changes, before, after, pruned: pruned.map((s) => instanceKey(s.spec)) };
}

/** No spec document in the given files and folders. */
export class NothingToSynthesizeError extends Error {
  constructor(paths: readonly string[]) {
    super(`nothing to synthesize: no spec documents (*.yaml, *.yml) in ${paths.join(', ')}`);
    this.name = 'NothingToSynthesizeError';
  }
}

/**
 * A reference to an instance neither given nor already in `out` fails here with a hint, before the
 * engine would refuse it with less to go on: which file defines it, when one beside the given specs does.
 */
function checkReferences(
  registry: Registry,
  everyComponent: Registry | (() => Registry),
  specs: readonly InstanceSpec[],
  known: readonly InstanceSpec[],
  sources: readonly string[],
  paths: readonly string[],
): void {
  const platform = [...specs, ...known];
  for (const [i, spec] of specs.entries()) {
    const refs = definitionOf(registry, spec.kind)?.references?.(spec) ?? [];
    const missing = refs.filter((ref) => !platform.some((s) => s.kind === ref.kind && s.metadata.name === ref.name));
    if (missing.length === 0) continue;
    // the files beside may be of any kind: read them with every component
    const found = missingReferences(typeof everyComponent === 'function' ? everyComponent() : everyComponent, missing, paths);
    throw new SpecError(
      sources[i],
      missing.map((ref) => {
        const file = found.get(`${ref.kind}/${ref.name}`);
        const hint = file ? `: pass ${file} too` : ': pass its spec file too (or --out a folder that already holds it)';
        return { path: ref.path, message: `no ${ref.kind} named "${ref.name}" among the specs given or in the --out folder${hint}` };
      }),
    );
  }
}
