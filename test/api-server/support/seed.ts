import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The example custom resources of the original README, byte for byte. */
export function seedYaml(name: 'trino-cluster-etl' | 'hive-metastore' | 'spark-thrift-server'): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'seed', `${name}.yaml`), 'utf8');
}

/** What `curl -d "a=b" -d "c=d"` sends: fields joined with `&`, values NOT URL-encoded. */
export function curlForm(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}
