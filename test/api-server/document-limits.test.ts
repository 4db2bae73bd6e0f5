import { DOCUMENT_LIMITS } from '../../src/schema/document-limits';
import { modestAliases, YAML_BOMBS } from '../support/yaml-bombs';
import { GitApp, startGitApp } from './support/git-app';
import { seedYaml } from './support/seed';
import { b64 } from './support/test-app';

const LIMIT_MESSAGE = {
  nodes: `yaml: more than the limit of ${DOCUMENT_LIMITS.maxNodes} nodes (aliases count as what they repeat)`,
  characters: `yaml: more than the limit of ${DOCUMENT_LIMITS.maxChars} characters (aliases count as what they repeat)`,
  depth: `nested deeper than the limit of ${DOCUMENT_LIMITS.maxDepth} levels`,
};

// The bombs against the real engine and Git: a 594-byte YAML took the server down (out of
// memory), a 1 KB one stored a 12 MB spec. Each is refused naming the limit, nothing is committed,
// and the next ordinary request is answered as usual.
describe('YAML bombs and oversized bodies at the API', () => {
  let g: GitApp;
  let baseline: number;
  beforeAll(async () => {
    g = await startGitApp();
    await ordinaryRequestMs(); // warm-up
    baseline = await ordinaryRequestMs();
  });
  afterAll(() => g.close());
  const tip = () => g.git(['rev-parse', 'main']).trim();
  const create = (body: object) => g.t.http().post('/v1/trino/create').set(g.alice).send(body);

  /** An ordinary dry run: its time is the baseline the bombs are compared with. */
  async function ordinaryRequestMs(): Promise<number> {
    const started = Date.now();
    const res = await create({ yaml: b64(seedYaml('trino-cluster-etl')), dry_run: 'true' });
    expect(res.status).toBe(200);
    return Date.now() - started;
  }

  test.each(Object.entries(YAML_BOMBS).flatMap(([name, bomb]) => [[`${name}`, bomb, false] as const, [`${name}, dry run`, bomb, true] as const]))(
    '%s: 4xx naming the limit; nothing committed; the next request as fast as before',
    async (_name, bomb, dryRun) => {
      // Given
      const before = tip();
      // When
      const started = Date.now();
      const res = await create({ yaml: b64(bomb.yaml), ...(dryRun && { dry_run: 'true' }) });
      const bombMs = Date.now() - started;
      // Then
      expect({ status: res.status, message: res.body.error?.message }).toEqual({
        status: bomb.limit === 'depth' ? 400 : 413,
        message: bomb.limit === 'depth' ? expect.stringMatching(new RegExp(`^yaml: (.*: )?${LIMIT_MESSAGE.depth}$`)) : LIMIT_MESSAGE[bomb.limit],
      });
      expect(tip()).toBe(before);
      // Generous bounds (other test processes share the machine): without the limits these take minutes or crash.
      expect(bombMs).toBeLessThan(Math.max(10 * baseline, 5000));
      expect(await ordinaryRequestMs()).toBeLessThan(Math.max(10 * baseline, 5000));
    },
  );

  test('a spec that uses aliases within the limits is accepted (dry run)', async () => {
    const res = await create({ yaml: b64(modestAliases()), dry_run: 'true' });
    // gets past the limits to the schema, which has no field `x`
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status: 400,
      message: 'yaml: spec.image: required (object); spec.x: unknown field',
    });
  });

  test('a JSON body nested 10 000 deep is refused before any route reads it', async () => {
    const res = await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .set('Content-Type', 'application/json')
      .send(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`);
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status: 400,
      message: expect.stringMatching(new RegExp(`^request body: a(\\.a)+: nested deeper than the limit of ${DOCUMENT_LIMITS.maxDepth} levels$`)),
    });
  });

  test('a JSON body with 60 000 keys is refused naming the node limit', async () => {
    const body = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 0]));
    const res = await g.t.http().post('/v1/trino/create').set(g.alice).send(body);
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status: 413,
      message: `request body: more than the limit of ${DOCUMENT_LIMITS.maxNodes} nodes (aliases count as what they repeat)`,
    });
  });
});
