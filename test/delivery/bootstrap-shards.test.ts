import { load } from 'js-yaml';

import { blobId } from '../../src/delivery/git-read';
import { fullPlatformFiles, PlatformSettings, sharedFileChanges } from '../../src/delivery/platform-delta';
import { Draft, IndexedInstance, RepoState } from '../../src/delivery/repo-state';
import type { GitOpsAgent } from '../../src/gitops/bootstrap/options';
import { ARGOCD_APPS, bootstrapEntryPath, FLUX_INSTANCES } from '../../src/gitops/layout';

// The bootstrap entries of a platform of thousands of instances sit in 256 shard folders, so one change
// rewrites its entry and its shard's small listing, not a folder and a listing of thousands of lines.

const settingsFor = (agent: GitOpsAgent): PlatformSettings => ({
  bootstrap: { repoUrl: 'https://git.example.com/gitops.git', branch: 'main', agent },
});
const FOLDER: Record<GitOpsAgent, { root: string; entry: (name: string) => string }> = {
  flux: { root: FLUX_INSTANCES, entry: (name) => `kustomization-echo-${name}.yaml` },
  argocd: { root: ARGOCD_APPS, entry: (name) => `application-echo-${name}.yaml` },
};

function instance(name: string): IndexedInstance {
  return {
    kind: 'Echo',
    name,
    namespace: 'team',
    component: 'echo',
    folder: `components/echo/${name}`,
    specBlob: blobId(name),
    specHash: name,
    references: [],
    podSecurity: 'restricted',
  };
}

/** The index of a repository holding `instances` and their platform files as a full regeneration writes them. */
function repositoryOf(instances: readonly IndexedInstance[], settings: PlatformSettings): { state: RepoState; files: Map<string, string> } {
  const state = new RepoState('tip');
  for (const i of instances) state.setInstance(i.folder, i);
  const files = fullPlatformFiles(instances, settings);
  for (const [path, text] of files) state.setFile(path, blobId(text));
  return { state, files };
}

/** The platform files after `changes` (null: deleted). */
function applied(files: ReadonlyMap<string, string>, changes: ReadonlyMap<string, string | null>): Map<string, string> {
  const result = new Map(files);
  for (const [path, text] of changes) {
    if (text === null) result.delete(path);
    else result.set(path, text);
  }
  return result;
}

const resources = (listing: string | null | undefined) => (load(listing!) as { resources: string[] }).resources;
const sorted = (files: ReadonlyMap<string, string>) => Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : 1)));

describe.each<GitOpsAgent>(['flux', 'argocd'])('bootstrap entries in shards (%s)', (agent) => {
  const settings = settingsFor(agent);
  const { root, entry } = FOLDER[agent];

  test('a full regeneration: every entry in <root>/<2 hex digits>/, each shard listing its files, the root listing the shards', () => {
    const instances = Array.from({ length: 40 }, (_, i) => instance(`i${i}`));
    const files = fullPlatformFiles(instances, settings);
    const below = [...files.keys()].filter((p) => p.startsWith(`${root}/`)).map((p) => p.slice(root.length + 1));
    const entries = below.filter((p) => !p.endsWith('kustomization.yaml'));
    // 40 instances + the namespaces tier, none of them directly in the root
    expect(entries).toHaveLength(41);
    for (const p of entries) expect(p).toMatch(/^[0-9a-f]{2}\/[a-z]+-[a-z0-9-]+\.yaml$/);
    const shards = [...new Set(entries.map((p) => p.slice(0, 2)))].sort();
    expect(resources(files.get(`${root}/kustomization.yaml`))).toEqual(shards);
    for (const shard of shards) {
      const names = entries.filter((p) => p.startsWith(`${shard}/`)).map((p) => p.slice(3));
      expect(resources(files.get(`${root}/${shard}/kustomization.yaml`))).toEqual(names.sort());
    }
    expect(files.get(bootstrapEntryPath(root, entry('i7')))).toContain('echo-i7');
  });

  test('at 3000 instances a create writes its entry and its shard listing: a few KB of bootstrap, not a listing of 3000 lines', () => {
    // Given 3000 instances: every one of the 256 shards holds some
    const instances = Array.from({ length: 3000 }, (_, i) => instance(`n${String(i).padStart(4, '0')}`));
    const { state, files } = repositoryOf(instances, settings);
    // When one more is created
    const now = instance('newcomer');
    const after = new Draft(state);
    after.writeInstance(now.folder, now);
    const changes = sharedFileChanges(state, after, undefined, now, settings);
    // Then only its entry and its shard's listing change (the namespace file is written unchanged)
    const path = bootstrapEntryPath(root, entry('newcomer'));
    expect([...changes.keys()].filter((p) => changes.get(p) !== files.get(p)).sort()).toEqual(
      [path, `${path.slice(0, path.lastIndexOf('/'))}/kustomization.yaml`].sort(),
    );
    const written = [...changes.values()].reduce((sum, text) => sum + (text?.length ?? 0), 0);
    expect(written).toBeLessThan(4 * 1024);
    // and the result is exactly the whole regeneration
    expect(sorted(applied(files, changes))).toEqual(sorted(fullPlatformFiles([...instances, now], settings)));
  });

  test('a shard appears with its first entry and is removed with its last, in the root listing too', () => {
    // Given two instances whose entries share a shard, and one alone in another
    const shardOf = (name: string) => bootstrapEntryPath(root, entry(name)).slice(root.length + 1, root.length + 3);
    const names = Array.from({ length: 400 }, (_, i) => `s${i}`);
    const first = names[0];
    const sibling = names.find((n) => n !== first && shardOf(n) === shardOf(first))!;
    const taken = new Set([shardOf(first), shardOf('dataroaster-namespaces')]);
    const alone = names.find((n) => !taken.has(shardOf(n)))!;
    let platform = [instance(first), instance(sibling)];
    let { state, files } = repositoryOf(platform, settings);
    const step = (old: IndexedInstance | undefined, now: IndexedInstance | undefined) => {
      const after = new Draft(state);
      after.writeInstance((old ?? now)!.folder, now);
      const changes = sharedFileChanges(state, after, old, now, settings);
      platform = now ? [...platform, now] : platform.filter((i) => i.name !== old!.name);
      files = applied(files, changes);
      expect(sorted(files)).toEqual(sorted(fullPlatformFiles(platform, settings)));
      ({ state } = repositoryOf(platform, settings));
      return changes;
    };
    // When the lone one is created, its shard appears in the root listing
    const created = step(undefined, instance(alone));
    expect(resources(created.get(`${root}/${shardOf(alone)}/kustomization.yaml`))).toEqual([entry(alone)]);
    expect(resources(created.get(`${root}/kustomization.yaml`))).toContain(shardOf(alone));
    // When it is deleted, its shard folder goes (listing included) and the root listing forgets it
    const deleted = step(instance(alone), undefined);
    expect(deleted.get(`${root}/${shardOf(alone)}/kustomization.yaml`)).toBeNull();
    expect(resources(deleted.get(`${root}/kustomization.yaml`))).not.toContain(shardOf(alone));
    // When one of the two sharing a shard is deleted, the shard stays with the other; the root listing is untouched
    const sharing = step(instance(sibling), undefined);
    expect(resources(sharing.get(`${root}/${shardOf(first)}/kustomization.yaml`))).toContain(entry(first));
    expect(sharing.has(`${root}/kustomization.yaml`)).toBe(false);
  });
});
