import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Workbook } from 'exceljs';

/**
 * For specs and the docs' picture: read a briefing back as a reader would. The PDF through
 * poppler-utils (Debian's package; .ci/run installs it), the workbook through exceljs.
 */
const run = promisify(execFile);
const POPPLER = process.env.POPPLER_BIN ?? '/usr/bin';

function tool(name: string): string {
  const path = join(POPPLER, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: install Debian's poppler-utils (apt-get install poppler-utils), as .ci/run does, or set POPPLER_BIN`);
  return path;
}

async function withFile<T>(pdf: Buffer, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'imc-briefing-'));
  try {
    const file = join(dir, 'briefing.pdf');
    writeFileSync(file, pdf);
    return await use(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text in content order (`pdftotext -raw`): a table cell's wrapped lines stay together. */
export function pdfText(pdf: Buffer): Promise<string> {
  return withFile(pdf, async (file) => (await run(tool('pdftotext'), ['-raw', '-enc', 'UTF-8', file, '-'], { maxBuffer: 1 << 24 })).stdout);
}

/** Pages and page size in points, from pdfinfo. */
export function pdfInfo(pdf: Buffer): Promise<{ pages: number; width: number; height: number; title: string }> {
  return withFile(pdf, async (file) => {
    const out = (await run(tool('pdfinfo'), [file])).stdout;
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out);
    return { pages: Number(/Pages:\s+(\d+)/.exec(out)?.[1]), width: Number(size?.[1]), height: Number(size?.[2]), title: /Title:\s+(.*)/.exec(out)?.[1]?.trim() ?? '' };
  });
}

/** Page `page` (1-based) as a PNG, `dpi` dots per inch. */
export function pdfPagePng(pdf: Buffer, page: number, dpi = 110): Promise<Buffer> {
  return withFile(pdf, async (file, dir) => {
    await run(tool('pdftoppm'), ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, join(dir, 'page')]);
    return readFileSync(join(dir, 'page.png'));
  });
}

/** No whitespace at all: a cell wrapped over lines still reads as its text. */
export const compact = (s: string): string => s.replace(/\s+/g, '');

export type SheetRows = Record<string, string | number | Date | null>[];

/** Every sheet of a workbook as rows keyed by the header row's names, with the cells' own types. */
export async function readWorkbook(xlsx: Buffer): Promise<Record<string, SheetRows>> {
  const book = new Workbook();
  await book.xlsx.load(xlsx as unknown as ArrayBuffer);
  const out: Record<string, SheetRows> = {};
  book.eachSheet((ws) => {
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: SheetRows = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const values = row.values as unknown[];
      rows.push(Object.fromEntries(header.map((h, i) => [h, (values[i + 1] ?? null) as string | number | Date | null])));
    });
    out[ws.name] = rows;
  });
  return out;
}
