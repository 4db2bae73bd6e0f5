import { enginePath, instanceFolder, parseInstanceFolder, repoPath } from '../../src/gitops/layout';

describe('layout', () => {
  test.each([
    ['trino/etl/deployment-x.yaml', 'components/trino/etl/deployment-x.yaml'],
    ['namespaces/demo.yaml', 'namespaces/demo.yaml'],
  ])('engine path %s lives at %s in the repository, and back', (engine, repo) => {
    expect(repoPath(engine)).toBe(repo);
    expect(enginePath(repo)).toBe(engine);
  });

  test('instance folders are components/<component>/<instance>', () => {
    expect(instanceFolder('trino', 'etl')).toBe('components/trino/etl');
    expect(parseInstanceFolder('components/trino/etl')).toEqual({ component: 'trino', name: 'etl' });
    expect(parseInstanceFolder('components/trino')).toBeUndefined();
    expect(parseInstanceFolder('namespaces/x')).toBeUndefined();
  });
});
