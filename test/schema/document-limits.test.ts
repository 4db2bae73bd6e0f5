import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readSpecFiles } from '../../src/cli/spec-files';
import { checkDocumentLimits, DOCUMENT_LIMITS, DocumentTooDeepError, DocumentTooLargeError } from '../../src/schema/document-limits';
import { parseSpecYaml } from '../../src/schema/yaml';
import { hugeScalar, modestAliases, YAML_BOMBS } from '../support/yaml-bombs';

const MESSAGE = {
  nodes: `more than the limit of ${DOCUMENT_LIMITS.maxNodes} nodes`,
  characters: `more than the limit of ${DOCUMENT_LIMITS.maxChars} characters`,
  depth: `nested deeper than the limit of ${DOCUMENT_LIMITS.maxDepth} levels`,
};

describe('YAML documents are bounded as expanded, before anything walks them', () => {
  test.each(Object.entries(YAML_BOMBS))('%s is refused naming the limit, quickly', (_name, bomb) => {
    // Given a hostile document (without the bounds, walking it takes gigabytes or overflows the stack)
    const started = process.hrtime.bigint();
    // When
    const parse = () => parseSpecYaml(bomb.yaml, 'bomb.yaml');
    // Then
    expect(parse).toThrow(bomb.limit === 'depth' ? DocumentTooDeepError : DocumentTooLargeError);
    expect(parse).toThrow(MESSAGE[bomb.limit]);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5000); // generous: ~50 ms alone
  });

  test('a huge scalar is refused by the text limit before it is parsed', () => {
    const text = hugeScalar(DOCUMENT_LIMITS.maxChars);
    expect(() => parseSpecYaml(text, 'big.yaml')).toThrow(
      `big.yaml: ${text.length} characters is more than the limit of ${DOCUMENT_LIMITS.maxChars}`,
    );
  });

  test('a recursive alias (a cycle) ends at the depth limit', () => {
    expect(() => parseSpecYaml('a: &a [x, *a]\n', 'cycle.yaml')).toThrow(/^cycle\.yaml: a(\[1\])+: nested deeper than the limit of 64 levels$/);
  });

  test('the documents of one file share the limits', () => {
    // 603 nodes each (mapping, key, sequence, 600 items): the 83rd passes 50 000 in all
    const doc = `a: [${Array(600).fill('x').join(', ')}]\n`;
    expect(() => parseSpecYaml(Array(100).fill(doc).join('---\n'), 'many.yaml')).toThrow(`many.yaml#83: ${MESSAGE.nodes}`);
  });

  test('aliases within the limits still work: 1 000 nodes from 20 aliases', () => {
    const [doc] = parseSpecYaml(modestAliases(), 'ok.yaml');
    expect((doc.data as { spec: { x: { l2: string[][][] } } }).spec.x.l2.flat(2)).toHaveLength(1000);
  });

  test('the walk counts keys and string characters, and names where the depth was passed', () => {
    const limits = { maxNodes: 5, maxDepth: 2, maxChars: 10 };
    expect(() => checkDocumentLimits({ a: 1, b: 2 }, 'x', limits)).not.toThrow(); // 1 map + 2 keys + 2 values
    expect(() => checkDocumentLimits({ a: 1, b: 2, c: 3 }, 'x', limits)).toThrow('x: more than the limit of 5 nodes');
    expect(() => checkDocumentLimits({ a: 'x'.repeat(10) }, 'x', limits)).toThrow('x: more than the limit of 10 characters');
    expect(() => checkDocumentLimits({ a: [[1]] }, 'x', limits)).toThrow('x: a[0]: nested deeper than the limit of 2 levels');
  });
});

describe('the CLI loader refuses the bombs too', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dataroaster-bombs-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('readSpecFiles names the file and the limit', () => {
    writeFileSync(join(dir, 'laughs.yaml'), YAML_BOMBS['billion laughs: 25 levels of 2 aliases'].yaml);
    expect(() => readSpecFiles([dir])).toThrow(`${join(dir, 'laughs.yaml')}: ${MESSAGE.nodes}`);
  });

  test('`dataroaster synth` exits 1 with one line on stderr, quickly, for every bomb', () => {
    // These run the compiled CLI (bin/dataroaster.js → lib/), built by `npm test` before jest.
    for (const [name, bomb] of Object.entries(YAML_BOMBS)) {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, bomb.yaml);
      const result = spawnSync(
        process.execPath,
        [join(__dirname, '../../bin/dataroaster.js'), 'synth', file, '--out', join(dir, 'out'), '--allow-plaintext-secrets'],
        {
          encoding: 'utf8',
          timeout: 30_000,
          env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=128' },
        },
      );
      expect({ name, status: result.status, stderr: result.stderr.trim() }).toEqual({
        name,
        status: 1,
        stderr: expect.stringContaining(MESSAGE[bomb.limit]),
      });
    }
  });
});
