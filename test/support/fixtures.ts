import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { load } from 'js-yaml';

/** A fixture document under test/fixtures/, parsed. */
export function fixture(name: string): Record<string, any> {
  return load(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8')) as Record<string, any>;
}

/** A deep copy of `doc` changed by `edit`, for tables of invalid inputs. */
export function edited<T>(doc: T, edit: (copy: any) => void): T {
  const copy = structuredClone(doc);
  edit(copy);
  return copy;
}

/** The message `fn` throws, so tables can assert it exactly (`toThrow(string)` only matches a substring). */
export function thrownMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}
