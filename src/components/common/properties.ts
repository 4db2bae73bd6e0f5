import { stringify } from 'dot-properties';

/**
 * A Java `.properties` file (what Trino, Hadoop and Spark read) from a map, keys sorted so the same
 * map always gives the same bytes. Values are escaped as java.util.Properties expects.
 */
export function renderProperties(properties: Readonly<Record<string, string>>): string {
  const sorted = Object.fromEntries(
    Object.keys(properties)
      .sort()
      .map((key) => [key, properties[key]]),
  );
  const text = stringify(sorted, { keySep: '=', lineWidth: null });
  return text === '' ? '' : `${text}\n`;
}
