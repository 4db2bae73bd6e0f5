import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthYaml } from '../support/synth';
import { schemaFailures } from '../support/validate';

// The example platform's Spark application and Helm release, as `npm run synth` reads them.
const example = (file: string) => readFileSync(join(__dirname, '../../platform', file), 'utf8');

test.each(['spark-pi.yaml', 'minio.yaml'])('platform/%s synthesizes to schema-valid objects, byte-identical on every run', (file) => {
  const first = synthYaml(example(file), { secrets: { mode: 'refuse' } });
  expect(schemaFailures(first.objects)).toEqual([]);
  expect(synthYaml(example(file), { secrets: { mode: 'refuse' } }).files).toEqual(first.files);
});
