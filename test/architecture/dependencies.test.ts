import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

// The import direction of issue 9, checked by dependency-cruiser with the rules in .dependency-cruiser.js:
//   src/core ← src/schema ← src/components ← src/engine, src/secrets ← src/gitops, src/delivery ← src/cli, api-server

const ROOT = join(__dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.js');

async function cruise(cwd: string, paths: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(DEPCRUISE, [...paths, '--config', CONFIG, '--output-type', 'err'], { cwd });
    return { ok: true, output: stdout };
  } catch (err) {
    const { stdout, stderr } = err as { stdout: string; stderr: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
}

describe('import direction between folders', () => {
  test('no folder imports a folder to its right, and there is no import cycle', async () => {
    const { ok, output } = await cruise(ROOT, ['src', 'api-server']);
    expect(output).toContain('no dependency violations found');
    expect(ok).toBe(true);
  }, 300_000);

  test('the rules catch an import against the direction and a cycle', async () => {
    // Given a tiny tree where core imports the engine, components import delivery, and two schema files import each other
    const dir = mkdtempSync(join(tmpdir(), 'depcruise-'));
    const files: Record<string, string> = {
      'tsconfig.json': '{}',
      'src/core/kernel.ts': "import { run } from '../engine/run';\nexport const kernel = run;\n",
      'src/engine/run.ts': 'export const run = 1;\n',
      'src/components/thing/index.ts': "import { deliver } from '../../delivery/deliver';\nexport const thing = deliver;\n",
      'src/delivery/deliver.ts': 'export const deliver = 2;\n',
      'src/schema/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/schema/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    try {
      // When
      const { ok, output } = await cruise(dir, ['src']);
      // Then
      expect(ok).toBe(false);
      expect(output).toMatch(/core-is-the-kernel: src\/core\/kernel\.ts → src\/engine\/run\.ts/);
      expect(output).toMatch(/components-below-engine: src\/components\/thing\/index\.ts → src\/delivery\/deliver\.ts/);
      expect(output).toMatch(/no-cycles: src\/schema\/a\.ts → /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
