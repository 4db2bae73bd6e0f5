import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

import { listen, RunningServer } from '../../api-server/server';
import { TestApp } from './support/test-app';

const LOGIN = JSON.stringify({ user: 'alice', password: 'alice-password' });

// Before: `Content-Encoding: foo` and a corrupt gzip/br body answered 500 "internal error".
describe('compressed request bodies', () => {
  let t: TestApp;
  let server: RunningServer;
  beforeAll(async () => {
    t = new TestApp({ bodyLimitBytes: 64 * 1024 });
    await t.withUsers();
    server = await listen(t.app.koa, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await server.stop(1000);
    await t.close();
  });
  /** Sent as bytes over a real connection (supertest would serialize a Buffer with a JSON type). */
  async function login(encoding: string, body: Buffer) {
    const res = await fetch(`${server.url}/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
      body,
    });
    return { status: res.status, body: (await res.json()) as { result: string; error?: { message: string } } };
  }

  test.each([
    ['gzip', gzipSync(LOGIN)],
    ['GZip', gzipSync(LOGIN)], // codings are case-insensitive (RFC 9110 §8.4.1)
    ['deflate', deflateSync(LOGIN)],
    ['br', brotliCompressSync(LOGIN)],
    ['identity', Buffer.from(LOGIN)],
  ])('%s is read', async (encoding, body) => {
    expect((await login(encoding, body)).status).toBe(200);
  });

  test.each([
    ['foo', Buffer.from(LOGIN), 415, 'Content-Encoding "foo" is not supported: send the body uncompressed or as one of gzip, deflate, br'],
    [
      'gzip, br',
      brotliCompressSync(gzipSync(LOGIN)),
      415,
      'Content-Encoding "gzip, br" is not supported: send the body uncompressed or as one of gzip, deflate, br',
    ],
    ['gzip', Buffer.from('this is not gzip at all'), 400, 'request body is not valid gzip data: incorrect header check'],
    ['gzip', gzipSync(LOGIN).subarray(0, 20), 400, 'request body is not valid gzip data: unexpected end of file'],
    ['deflate', Buffer.from('nope, not deflate'), 400, 'request body is not valid deflate data: incorrect header check'],
    ['br', Buffer.from('definitely not brotli, this text'), 400, expect.stringMatching(/^request body is not valid br data: /)],
    // a gzip bomb: 27 KB that inflate to 25 MB stop at the body limit, counted after decompression
    ['gzip', gzipSync(Buffer.alloc(25 * 1024 * 1024, 'a')), 413, 'request body is larger than the limit of 65536 bytes'],
  ])('%s with a bad body: %#', async (encoding, body, status, message) => {
    const res = await login(encoding, body);
    expect({ status: res.status, message: res.body.error?.message, result: res.body.result }).toEqual({ status, message, result: 'FAILURE' });
  });
});
