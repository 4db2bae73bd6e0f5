import { load } from 'js-yaml';

import type { ComponentDefinition, GitOpsFlavour, PodSecurityLevel, Registry } from '../core/component';
import type { InstanceSpec } from '../core/instance';
import { COMPONENTS_ROOT, instanceFolder, parseInstanceFolder, SPEC_FILE } from '../gitops/layout';
import { platformInstanceOf } from '../gitops/repository-files';
import { SpecError } from '../schema/errors';
import { storedSpecOf } from '../schema/load';
import type { Git } from './git';
import { changedFiles, eachFile, isAncestor, readBlobs } from './git-read';
import { groupOf, IndexedInstance, RepoState } from './repo-state';
import { specHash } from './spec-hash';
import type { LastCommit } from './types';

/** Most parsed specs kept in memory; the rest are read again from Git when a plan needs them. */
const SPEC_CACHE_SIZE = 512;
/** Specs read by one `cat-file --batch` when many are summarized (start-up). */
const SUMMARIZE_SLICE = 250;

/**
 * The instances of the repository at the tip the server last reached, kept in memory so a change or a
 * list never reads the whole repository: built from Git once (start-up, or when it cannot be trusted),
 * then moved forward commit range by commit range — the server's own pushes and what fetches bring
 * (another server, a review merged on the forge) — by `git diff-tree` of the two tips, which costs what
 * changed, not what the repository holds.
 */
export class InstanceIndex {
  /** The current state; replaced (never mutated half-way) so readers always see one whole commit. */
  state: RepoState = new RepoState(undefined);
  private readonly specs = new Map<string, InstanceSpec>();

  constructor(
    private readonly git: Git,
    private readonly registry: Registry,
    /** The platform's agent: components' deployment hints may depend on it (an Argo-flavour Helm release). */
    private readonly agent: GitOpsFlavour = 'flux',
  ) {}

  /** Reads the whole tree of `tip` (or an empty repository when undefined). */
  async rebuild(tip: string | undefined): Promise<void> {
    const state = new RepoState(tip);
    if (tip !== undefined) {
      const specs: [string, string][] = [];
      await eachFile(this.git, tip, (path, blob) => {
        state.setFile(path, blob);
        // the folder is kept by the index: its own string, not a slice that keeps the whole path alive
        if (path.endsWith(`/${SPEC_FILE}`)) specs.push([flat(path.slice(0, -SPEC_FILE.length - 1)), blob]);
      });
      const instances = await this.summarize(specs);
      const last = await this.lastCommits(tip, undefined, new Set(instances.keys()));
      for (const [folder, instance] of instances) state.setInstance(folder, withLast(instance, last.get(folder)));
    }
    this.state = state;
  }

  /**
   * Moves the index from its tip to `tip`: the files `git diff-tree` names, the instances whose folder they
   * are in, and the last commit of those from the commits in between. Falls back to a rebuild when the new
   * tip does not descend from the old one (history rewritten).
   */
  async advance(tip: string): Promise<void> {
    const from = this.state.tip;
    if (from === tip) return;
    if (from === undefined || !(await isAncestor(this.git, from, tip))) return this.rebuild(tip);
    const changed = await changedFiles(this.git, from, tip);
    const folders = new Set<string>();
    for (const path of changed.keys()) if (parseInstanceFolder(groupOf(path))) folders.add(groupOf(path));
    const specBlobs = [...folders].map((folder): [string, string | undefined] => [
      folder,
      changed.has(`${folder}/${SPEC_FILE}`) ? changed.get(`${folder}/${SPEC_FILE}`) : this.state.blob(`${folder}/${SPEC_FILE}`),
    ]);
    const present = specBlobs.filter((e): e is [string, string] => e[1] !== undefined);
    const instances = await this.summarize(present);
    const last = await this.lastCommits(tip, from, folders);
    // Everything read: now change the state in one synchronous step.
    const state = this.state;
    for (const [path, blob] of changed) state.setFile(path, blob);
    for (const folder of folders) {
      const instance = instances.get(folder);
      const lastCommit = last.get(folder) ?? state.instance(folder)?.lastCommit;
      state.setInstance(folder, instance ? withLast(instance, lastCommit) : undefined);
    }
    state.tip = tip;
  }

  /**
   * Takes over changes this server just pushed: the files it wrote (blob ids it computed) and the
   * instances it planned, at the commit that holds them. No git process.
   */
  applyPushed(tip: string, files: Iterable<[string, string | undefined]>, instances: Iterable<[string, IndexedInstance | undefined]>): void {
    const state = this.state;
    for (const [path, blob] of files) state.setFile(path, blob);
    for (const [folder, instance] of instances) state.setInstance(folder, instance);
    state.tip = tip;
  }

  /**
   * The stored spec of an instance, parsed and validated with its kind's schema once per blob: a spec
   * edited by hand in Git into something its component cannot take is a SpecError naming the file, before
   * any synthesis or API answer uses it.
   */
  async spec(instance: Pick<IndexedInstance, 'specBlob'> & { readonly folder?: string }): Promise<InstanceSpec> {
    const cached = this.cached(instance.specBlob);
    if (cached) return cached;
    const text = (await readBlobs(this.git, [instance.specBlob])).get(instance.specBlob);
    if (text === undefined) throw new Error(`spec blob ${instance.specBlob} is missing from the clone`);
    const source = instance.folder ? `${instance.folder}/${SPEC_FILE}` : `stored spec ${instance.specBlob}`;
    let data: unknown;
    try {
      data = load(text);
    } catch (err) {
      throw new SpecError(source, [{ path: '', message: `not YAML: ${(err as Error).message.split('\n')[0]}` }]);
    }
    return this.remember(instance.specBlob, storedSpecOf(this.registry, data, source));
  }

  /** The summary of the spec in `blob`, as if it were the instance in `folder` (a review branch's proposal). */
  async specSummary(folder: string, blob: string): Promise<IndexedInstance> {
    return this.summaryOf(folder, await this.spec({ specBlob: blob, folder }), blob);
  }

  /** What the index keeps of a spec just written (so planning the next change needs no git read). */
  summaryOf(folder: string, spec: InstanceSpec, specBlob: string, validated = true): IndexedInstance {
    if (validated) this.remember(specBlob, spec);
    const component = this.registry.find((c) => c.kind.kind === spec.kind);
    return {
      ...platformInstanceOf(this.registry, spec, parseInstanceFolder(folder)!.component, this.agent),
      folder,
      specBlob,
      specHash: specHash(spec),
      podSecurity: podSecurityOf(component, spec),
    };
  }

  private cached(blob: string): InstanceSpec | undefined {
    const spec = this.specs.get(blob);
    if (spec) {
      this.specs.delete(blob);
      this.specs.set(blob, spec); // most recently used last
    }
    return spec;
  }

  private remember(blob: string, spec: InstanceSpec): InstanceSpec {
    this.specs.set(blob, spec);
    if (this.specs.size > SPEC_CACHE_SIZE) this.specs.delete(this.specs.keys().next().value!);
    return spec;
  }

  /** Summaries of the instances in these folders, from their spec blobs (one cat-file for those not cached). */
  private async summarize(entries: readonly [string, string][]): Promise<Map<string, IndexedInstance>> {
    const found = new Map<string, IndexedInstance>();
    // In slices: the texts of 5000 specs at once would be tens of MiB the process keeps as RSS after start-up.
    for (let i = 0; i < entries.length; i += SUMMARIZE_SLICE) await this.summarizeSlice(entries.slice(i, i + SUMMARIZE_SLICE), found);
    return found;
  }

  private async summarizeSlice(entries: readonly [string, string][], found: Map<string, IndexedInstance>): Promise<void> {
    const texts = await readBlobs(
      this.git,
      entries.filter(([, blob]) => !this.specs.has(blob)).map(([, blob]) => blob),
    );
    for (const [folder, blob] of entries) {
      const where = parseInstanceFolder(folder);
      if (!where) continue;
      let spec = this.specs.get(blob);
      if (!spec) {
        const text = texts.get(blob);
        if (text === undefined) continue;
        try {
          spec = load(text) as InstanceSpec;
        } catch {
          continue; // not a spec we can read: not ours, leave it alone
        }
        // Only identity and references are read here (fast at thousands of instances); not cached, since
        // the cache holds specs validated with their kind's schema (spec()).
      }
      if (spec?.metadata?.name !== where.name || typeof spec.kind !== 'string' || typeof spec.metadata.namespace !== 'string') continue;
      const summary = this.summaryOf(folder, spec, blob, false);
      found.set(folder, summary);
    }
  }

  /**
   * The newest commit touching each of `folders` in `from..tip` (all history when `from` is undefined),
   * without a `git log` per folder: one walk reads the `DataRoaster-Instance` trailer of the server's own
   * commits, and only commits without that trailer (written by hand, squash merges) are diffed, in one
   * `git diff-tree --stdin`. Merge commits count for neither (as in `git log -- <folder>`, a merged
   * review shows the review's commit).
   */
  private async lastCommits(tip: string, from: string | undefined, folders: ReadonlySet<string>): Promise<Map<string, LastCommit>> {
    const found = new Map<string, LastCommit>();
    if (folders.size === 0) return found;
    const out = await this.git([
      'log',
      '--format=%x1e%H%x1f%an <%ae>%x1f%aI%x1f%s%x1f%P%x1f%(trailers:key=DataRoaster-Instance,valueonly,separator=%x1d)%x1f%(trailers:key=DataRoaster-Version,valueonly,separator=%x1d)',
      from ? `${from}..${tip}` : tip,
    ]);
    const commits = out
      .split('\x1e')
      .slice(1)
      .map((record) => {
        const [sha, author, date, subject, parents, instance, version] = record.replace(/\n+$/, '').split('\x1f');
        // own copies: substrings would keep the whole log output alive as long as an instance holds its last commit
        return {
          sha,
          commit: { sha: flat(sha), author: flat(author), date: flat(date), subject: flat(subject) },
          merge: parents.trim().includes(' '),
          instance: instance.trim(),
          ours: version.trim() !== '',
        };
      });
    const foreign = commits.filter((c) => !c.ours && !c.merge).map((c) => c.sha);
    const touched = foreign.length ? await this.foldersTouched(foreign) : new Map<string, Set<string>>();
    for (const c of commits) {
      const hit = new Set<string>(touched.get(c.sha) ?? []);
      if (c.ours && c.instance) {
        const [kind, name] = c.instance.split('\x1d')[0].split('/');
        const component = this.registry.find((k) => k.kind.kind === kind);
        if (component && name) hit.add(instanceFolder(component.folder, name));
      }
      for (const folder of hit) if (folders.has(folder) && !found.has(folder)) found.set(folder, c.commit);
      if (found.size === folders.size) break;
    }
    return found;
  }

  private async foldersTouched(commits: readonly string[]): Promise<Map<string, Set<string>>> {
    const wanted = new Set(commits);
    const out = await this.git(['diff-tree', '--stdin', '-r', '--root', '--name-only', '--no-renames'], {
      input: commits.map((c) => `${c}\n`).join(''),
    });
    const touched = new Map<string, Set<string>>();
    let current: Set<string> | undefined;
    for (const line of out.split('\n')) {
      if (wanted.has(line)) touched.set(line, (current = new Set()));
      else if (current && line.startsWith(`${COMPONENTS_ROOT}/`)) current.add(groupOf(line));
    }
    return touched;
  }
}

/** A copy of `text` that shares no memory with the string it was cut from. */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function withLast(instance: IndexedInstance, lastCommit: LastCommit | undefined): IndexedInstance {
  return lastCommit ? { ...instance, lastCommit } : instance;
}

function podSecurityOf(component: ComponentDefinition<any> | undefined, spec: InstanceSpec): PodSecurityLevel {
  const level = component?.podSecurity ?? 'restricted';
  return typeof level === 'function' ? level(spec) : level;
}
