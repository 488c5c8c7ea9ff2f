import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';

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

/** Serves the planner console at `/`; without a build, `/` says how to make one instead of a bare 404. */
export function serveConsole(app: NestExpressApplication, dir: string | undefined = consoleDir()): boolean {
  const headers = (res: Response): void => {
    res.setHeader('content-security-policy', CONSOLE_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
  };
  if (dir && existsSync(join(dir, 'index.html'))) {
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
