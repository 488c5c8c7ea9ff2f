import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { acceptedEncodings, consoleDir, precompressed } from './serve-console';

describe('consoleDir', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'imc-console-dir-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const built = (dir: string): void => {
    mkdirSync(join(dir, 'dist', 'console'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'console', 'index.html'), '<!doctype html>');
  };

  it('finds dist/console from the sources, from the compiled files and from the image layout', () => {
    built(root);
    const sources = join(root, 'apps', 'planner-api', 'src', 'console');
    const compiled = join(root, 'dist', 'apps', 'planner-api', 'src', 'console');
    mkdirSync(sources, { recursive: true });
    mkdirSync(compiled, { recursive: true });
    expect(consoleDir(sources)).toBe(join(root, 'dist', 'console'));
    expect(consoleDir(compiled)).toBe(join(root, 'dist', 'console'));
  });

  it('answers undefined when nothing was built', () => {
    const sources = join(root, 'apps', 'planner-api', 'src', 'console');
    mkdirSync(sources, { recursive: true });
    expect(consoleDir(sources)).toBeUndefined();
  });
});

describe('acceptedEncodings', () => {
  it('takes brotli before gzip, by q-value first, and nothing the browser refuses', () => {
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('gzip, deflate')).toEqual(['gzip']);
    expect(acceptedEncodings('br;q=0.5, gzip;q=0.8')).toEqual(['gzip', 'br']);
    expect(acceptedEncodings('br;q=0, gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*;q=0, gzip;q=0.1')).toEqual(['gzip']);
    for (const none of [undefined, '', 'identity', 'deflate', 'br;q=0, gzip;q=0', '*;q=0']) expect([none, acceptedEncodings(none)]).toEqual([none, []]);
  });
});

describe('precompressed: the console files answered compressed', () => {
  let dir: string;
  const js = 'console.log("the planner console");\n'.repeat(200);
  const app = () => {
    const server = express();
    server.use(precompressed(dir, (res) => res.setHeader('x-content-type-options', 'nosniff')));
    server.use((_req, res) => void res.status(404).send('plain files next'));
    return server;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'imc-console-gz-'));
    writeFileSync(join(dir, 'console.js'), js);
    writeFileSync(join(dir, 'console.js.br'), brotliCompressSync(js));
    writeFileSync(join(dir, 'console.js.gz'), gzipSync(js));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(dir, 'index.html.gz'), gzipSync('<!doctype html><title>x</title>'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers brotli to a browser that takes it, with the type of the file and Vary', async () => {
    // supertest decodes brotli and gzip itself, as a browser does.
    const res = await request(app()).get('/console.js').set('accept-encoding', 'gzip, deflate, br');
    expect([res.status, res.headers['content-encoding'], res.headers['content-type'], res.headers.vary, res.headers['cache-control'], res.headers['x-content-type-options']]).toEqual([200, 'br', 'text/javascript; charset=utf-8', 'Accept-Encoding', 'no-cache', 'nosniff']);
    expect(res.text).toBe(js);
    expect(Number(res.headers['content-length'])).toBe(brotliCompressSync(js).length);
  });

  it('answers gzip where brotli is not taken or not built, and / as the page', async () => {
    const gz = await request(app()).get('/console.js').set('accept-encoding', 'gzip');
    expect([gz.status, gz.headers['content-encoding'], gz.text]).toEqual([200, 'gzip', js]);
    const page = await request(app()).get('/').set('accept-encoding', 'br, gzip');
    expect([page.status, page.headers['content-encoding'], page.headers['content-type']]).toEqual([200, 'gzip', 'text/html; charset=utf-8']);
  });

  it('leaves to the plain files a browser that takes neither, other paths and other methods', async () => {
    const plain = await request(app()).get('/console.js').set('accept-encoding', 'identity');
    expect([plain.status, plain.text, plain.headers.vary]).toEqual([404, 'plain files next', 'Accept-Encoding']);
    for (const path of ['/../console.js', '/.built', '/v1/places', '/missing.js']) expect([path, (await request(app()).get(path).set('accept-encoding', 'br')).text]).toEqual([path, 'plain files next']);
    expect((await request(app()).post('/console.js').set('accept-encoding', 'br')).text).toBe('plain files next');
  });
});
