import { RepoState } from '../../src/delivery/repo-state';

// RepoState keeps the files of every group but the one being changed in a compact form (FileGroup: a
// layout of names shared between instance folders, blob ids as bytes). What it answers must not depend
// on which form a group is in.

const id = (n: number) => n.toString(16).padStart(40, '0');
const trinoFiles = ['dataroaster-spec.yaml', 'kustomization.yaml', 'statefulset-coordinator.yaml'];

function twoInstances(): RepoState {
  const state = new RepoState('tip');
  trinoFiles.forEach((name, i) => state.setFile(`components/trino/a/${name}`, id(i + 1)));
  trinoFiles.forEach((name, i) => state.setFile(`components/trino/b/${name}`, id(i + 10)));
  state.setFile('README.md', id(99));
  return state;
}

describe('RepoState files', () => {
  it('answers the same for a group being changed and for one at rest', () => {
    const state = twoInstances();
    // `a` and `b` are at rest (another group was touched after them); README.md's group is open
    expect(state.blob('components/trino/a/kustomization.yaml')).toBe(id(2));
    expect(state.blob('components/trino/b/statefulset-coordinator.yaml')).toBe(id(12));
    expect(state.blob('README.md')).toBe(id(99));
    expect(state.blob('components/trino/a/missing.yaml')).toBeUndefined();
    expect(state.blob('components/trino/c/kustomization.yaml')).toBeUndefined();
    expect([...state.group('components/trino/b')]).toEqual(trinoFiles.map((name, i) => [`components/trino/b/${name}`, id(i + 10)]));
    expect([...state.paths('components')].sort()).toEqual([
      ...trinoFiles.map((n) => `components/trino/a/${n}`),
      ...trinoFiles.map((n) => `components/trino/b/${n}`),
    ]);
    expect([...state.group('')]).toEqual([['README.md', id(99)]]);
  });

  it('changes, adds and deletes files of a group at rest, keeping the order a Map would', () => {
    const state = twoInstances();
    state.setFile('components/trino/a/kustomization.yaml', id(50)); // a changed id
    state.setFile('components/trino/a/configmap.yaml', id(51)); // a new name: a new layout for `a` only
    state.setFile('components/trino/a/dataroaster-spec.yaml', undefined);
    state.setFile('README.md', id(98)); // `a` goes back to rest
    expect([...state.group('components/trino/a')]).toEqual([
      ['components/trino/a/kustomization.yaml', id(50)],
      ['components/trino/a/statefulset-coordinator.yaml', id(3)],
      ['components/trino/a/configmap.yaml', id(51)],
    ]);
    // `b` shared the old layout with `a`: unchanged
    expect([...state.group('components/trino/b')].map(([path]) => path)).toEqual(trinoFiles.map((n) => `components/trino/b/${n}`));
    expect(state.blob('README.md')).toBe(id(98));
  });

  it('drops a group whose last file is deleted', () => {
    const state = twoInstances();
    for (const name of trinoFiles) state.setFile(`components/trino/b/${name}`, undefined);
    state.setFile('README.md', id(1));
    expect(state.group('components/trino/b').size).toBe(0);
    expect([...state.paths('components/trino/b')]).toEqual([]);
    expect([...state.paths('components')]).toHaveLength(trinoFiles.length);
  });

  it('finds files in a folder of thousands of entries', () => {
    const state = new RepoState('tip');
    for (let i = 0; i < 3000; i++) state.setFile(`bootstrap/flux/entry-${i}.yaml`, id(i + 1));
    state.setFile('README.md', id(1));
    expect(state.blob('bootstrap/flux/entry-0.yaml')).toBe(id(1));
    expect(state.blob('bootstrap/flux/entry-2999.yaml')).toBe(id(3000));
    expect(state.blob('bootstrap/flux/entry-3000.yaml')).toBeUndefined();
    expect(state.group('bootstrap/flux').size).toBe(3000);
  });

  it('refuses an id that is not a SHA-1 object id, naming the file', () => {
    const state = new RepoState('tip');
    expect(() => state.setFile('components/trino/a/kustomization.yaml', 'not-an-id')).toThrow(
      /components\/trino\/a\/kustomization\.yaml: blob id "not-an-id" is not a SHA-1 object id/,
    );
  });
});
