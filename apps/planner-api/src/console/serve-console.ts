import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * The page may load only what this API serves and talk only to it: no CDN, no inline script, and
 * never framed (a framed console could be clicked through by another site).
 */
export const CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Where `npm run build:console` wrote the bundle: `dist/console` beside the nearest ancestor of
 * this file that has one. The same rule finds it under ts-node (apps/... in the repository), when
 * compiled (dist/apps/...) and in the image (/app/dist/apps/..., with /app/dist/console).
 */
export function consoleDir(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'console');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The encodings the build writes beside each file (scripts/build-console.js), best first. */
const ENCODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;

/**
 * The content codings the build writes that the request's Accept-Encoding takes (RFC 9110,
 * 12.5.3), best first: by q-value, brotli first on a tie; none of them for an absent header,
 * `identity`, or `q=0`. `*` stands for any coding not named.
 */
export function acceptedEncodings(header: string | undefined): ('br' | 'gzip')[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const given = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)).find((m) => m);
    q.set(name.trim(), given ? Number(given[1]) : 1);
  }
  const of = (coding: string): number => q.get(coding) ?? q.get('*') ?? 0;
  // A stable sort: brotli stays first among equals.
  return ENCODINGS.map((e) => e.coding)
    .filter((coding) => of(coding) > 0)
    .sort((a, b) => of(b) - of(a));
}

/**
 * Answers a console file from its precompressed copy when the browser accepts one (the bundle is
 * about 170 kB, 55 kB in brotli); everything else, and a browser that accepts neither, goes on to
 * the plain files. Each answer says it varies by Accept-Encoding, so a cache keeps both.
 */
export function precompressed(dir: string, headers: (res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = req.path === '/' ? 'index.html' : req.path.slice(1);
    // Only a file of the build's own folder: no path, no dot file.
    if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(name) || !existsSync(join(dir, name))) return next();
    res.vary('Accept-Encoding');
    const encoding = acceptedEncodings(req.headers['accept-encoding'])
      .map((coding) => ENCODINGS.find((e) => e.coding === coding)!)
      .find((e) => existsSync(join(dir, `${name}${e.suffix}`)));
    if (!encoding) return next();
    headers(res);
    res.setHeader('cache-control', 'no-cache');
    res.type(name);
    res.setHeader('content-encoding', encoding.coding);
    res.sendFile(`${name}${encoding.suffix}`, { root: dir, cacheControl: false, dotfiles: 'deny' }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  };
}

/** Serves the planner console at `/`; without a build, `/` says how to make one instead of a bare 404. */
export function serveConsole(app: NestExpressApplication, dir: string | undefined = consoleDir()): boolean {
  const headers = (res: Response): void => {
    res.setHeader('content-security-policy', CONSOLE_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
  };
  if (dir && existsSync(join(dir, 'index.html'))) {
    app.use(precompressed(dir, headers));
    // The bundle's names do not change between builds, so the browser must ask again each time.
    app.useStaticAssets(dir, { index: 'index.html', redirect: false, setHeaders: (res) => { headers(res as Response); res.setHeader('cache-control', 'no-cache'); } });
    return true;
  }
  app.use('/', (req: Request, res: Response, next: () => void) => {
    if (req.method !== 'GET' || req.path !== '/') return next();
    headers(res);
    res.status(503).type('text/plain').send('The planner console is not built: run `npm run build:console` (npm start and npm test build it when missing).\n');
  });
  return false;
}
