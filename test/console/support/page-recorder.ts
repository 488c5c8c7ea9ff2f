import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Page, Request, Response } from 'playwright-core';

/** One thing the browser did that may explain a failure, with its time since the recorder started. */
interface Entry {
  at: number;
  kind: 'console' | 'pageerror' | 'response' | 'requestfailed';
  text: string;
}

/** What else a failure report should carry: the services' own output, for instance. */
export type Extra = Record<string, () => string>;

/**
 * Records what a page did (console messages, page errors, non-2xx answers with the start of their
 * body, requests that failed) so that a failed browser spec explains itself: in CI a timed-out
 * waitForSelector says only which element never came, and the cause (a 503, an empty first load,
 * a stream that never connected) is in what the page saw. On a failure it saves a screenshot, the
 * page's HTML and this log into the artifacts directory, and prints a short summary to stderr,
 * which is all a CI log keeps.
 */
export class PageRecorder {
  private readonly started = Date.now();
  private readonly entries: Entry[] = [];
  private failures = 0;

  constructor(
    readonly dir: string,
    private readonly extra: Extra = {},
  ) {
    mkdirSync(dir, { recursive: true });
  }

  attach(page: Page): void {
    page.on('console', (m: ConsoleMessage) => this.add('console', `${m.type()}: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`));
    page.on('pageerror', (e: Error) => this.add('pageerror', `${e.name}: ${e.message}`));
    page.on('requestfailed', (r: Request) => this.add('requestfailed', `${r.method()} ${path(r.url())}: ${r.failure()?.errorText ?? 'failed'}`));
    page.on('response', (r: Response) => {
      if (r.status() < 400) return;
      // Error bodies are small JSON; a streamed body is never an error answer, so this never waits on one.
      void r
        .text()
        .catch(() => '(body unavailable)')
        .then((body) => this.add('response', `${r.status()} ${r.request().method()} ${path(r.url())}: ${body.replace(/\s+/g, ' ').slice(0, 300)}`));
    });
  }

  /** Marks a step in the log, so that what the page did reads against what the spec was doing. */
  step(name: string): void {
    this.add('console', `--- spec: ${name}`);
  }

  /**
   * Runs `body`; if it throws, saves what explains the failure and prints a summary, then rethrows
   * the original error (the spec still fails on it).
   */
  async explainFailure<T>(label: string, page: Page | undefined, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      await this.save(label, page, error).catch((e) => process.stderr.write(`[console e2e] could not save the failure's artifacts: ${String(e)}\n`));
      throw error;
    }
  }

  private async save(label: string, page: Page | undefined, error: unknown): Promise<void> {
    this.failures += 1;
    const name = `${String(this.failures).padStart(2, '0')}-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
    const dir = join(this.dir, name);
    mkdirSync(dir, { recursive: true });
    let shown = '(no page)';
    if (page && !page.isClosed()) {
      await page.screenshot({ path: join(dir, 'screenshot.png'), fullPage: true, timeout: 10_000 }).catch(() => undefined);
      writeFileSync(join(dir, 'page.html'), await page.content().catch(() => '(content unavailable)'));
      shown = await page
        .evaluate(() => {
          const doc = (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null; title: string } }).document;
          const text = (id: string) => doc.getElementById(id)?.textContent?.replace(/\s+/g, ' ').trim().slice(0, 200) ?? '(none)';
          return `url ${(globalThis as unknown as { location: { href: string } }).location.href}; title "${doc.title}"; live "${text('live-state')}"; who "${text('who')}"; status "${text('status')}"; main "${text('main')}"`;
        })
        .catch((e: unknown) => `(page unreadable: ${String(e)})`);
    }
    const log = this.entries.map((e) => `+${(e.at / 1000).toFixed(1).padStart(6)} s ${e.kind.padEnd(13)} ${e.text}`);
    writeFileSync(join(dir, 'browser.log'), `${log.join('\n')}\n`);
    const extras = Object.entries(this.extra).map(([k, f]) => {
      let text: string;
      try {
        text = f();
      } catch (e) {
        text = `(unavailable: ${String(e)})`;
      }
      writeFileSync(join(dir, `${k}.log`), text);
      return [k, text] as const;
    });
    const problems = log.filter((l) => !/ console +(log|info|debug|--- spec)/.test(l));
    const summary = [
      `[console e2e] FAILED: ${label}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
      `[console e2e] the page: ${shown}`,
      `[console e2e] what the browser reported (${problems.length} of ${log.length} entries; last 25):`,
      ...problems.slice(-25).map((l) => `    ${l}`),
      `[console e2e] last spec steps: ${this.entries
        .filter((e) => e.text.startsWith('--- spec: '))
        .slice(-6)
        .map((e) => `${e.text.slice('--- spec: '.length)} (+${(e.at / 1000).toFixed(1)} s)`)
        .join(' | ')}`,
      ...extras.map(([k, text]) => `[console e2e] ${k}, last 12 lines:${text.trim() === '' ? ' (nothing logged)' : `\n${text.trimEnd().split('\n').slice(-12).map((l) => `    ${l.slice(0, 400)}`).join('\n')}`}`),
      `[console e2e] artifacts (screenshot, page.html, browser.log, service logs): ${dir}`,
    ];
    process.stderr.write(`${summary.join('\n')}\n`);
  }

  private add(kind: Entry['kind'], text: string): void {
    this.entries.push({ at: Date.now() - this.started, kind, text });
  }
}

/** The path and query of a URL: every request goes to the one API, whose port says nothing. */
function path(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}
