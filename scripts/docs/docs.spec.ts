import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CAPABILITIES, DLQ_HEADERS, EVENT_TYPES, LOAN_STATUSES, RECALL_REASONS, TOPIC_SPECS, TOPICS, UNMET_REASONS } from '@imc/contracts';
import { AppConfig } from '@imc/platform';

/**
 * The documentation ships with the code, so it is checked with it: links stay inside the
 * repository and lead somewhere, and docs/contract.md names everything other systems depend on,
 * spelt as the code spells it.
 */
const ROOT = resolve(__dirname, '..', '..');
/** The documents the README sends a reader to, each by need. */
const LINKED = [
  'docs/getting-started.md',
  'docs/console.md',
  'docs/architecture.md',
  'docs/design.md',
  'docs/contract.md',
  'docs/operations.md',
  'docs/benchmarks.md',
  'docs/demo-world.md',
];
const DOCS = ['README.md', ...LINKED];
/** The README is a landing page: what it is, the two commands, a picture, the first minutes, where to read next. */
const README_MAX_LINES = 250;
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

function anchors(text: string): Set<string> {
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1])));
}

describe('documentation in the repository', () => {
  it.each(DOCS)('%s links only to files of the repository that exist, and to headings that exist', (file) => {
    const text = read(file);
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^https?:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const [path, hash] = link.split('#');
      const target = path === '' ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), path);
      expect({ link, inside: target.startsWith(ROOT + '/') && !target.includes('/shared/') }).toEqual({ link, inside: true });
      expect({ link, exists: existsSync(target) }).toEqual({ link, exists: true });
      if (hash && target.endsWith('.md')) expect({ link, anchor: anchors(readFileSync(target, 'utf8')).has(hash) }).toEqual({ link, anchor: true });
    }
  });

  it(`the README is a landing page of at most ${README_MAX_LINES} lines that links every document`, () => {
    const readme = read('README.md');
    expect(readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0)).toBeLessThanOrEqual(README_MAX_LINES);
    expect(LINKED.filter((doc) => !readme.includes(`](${doc})`))).toEqual([]);
    for (const heading of ['Requirements', 'The two commands', 'Where to read next']) expect(anchors(readme).has(anchor(heading))).toBe(true);
    expect(readme).toContain('](docs/architecture.md#where-to-change-a-rule)');
  });

  it('docs/architecture.md says where to change a rule: a new unmet reason and a new event type', () => {
    const architecture = anchors(read('docs/architecture.md'));
    for (const heading of ['Where to change a rule', 'A new unmet reason', 'A new event type']) expect({ heading, found: architecture.has(anchor(heading)) }).toEqual({ heading, found: true });
  });

  it('the layout in docs/architecture.md names the folders of every app and lib, and no folder that does not exist', () => {
    const block = /## Layout\n+```\n([\s\S]*?)```/.exec(read('docs/architecture.md'))?.[1] ?? '';
    expect(block).not.toBe('');
    const dirsUnder = (root: string): string[] =>
      readdirSync(join(ROOT, root), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => [d.name, ...dirsUnder(join(root, d.name))]);
    // Each entry starts at column 0 with its root (apps/allocator/src ...); folders it names are `name/`.
    const entries = block.split(/\n(?=\S)/).map((e) => ({ root: e.split(/\s/)[0].replace(/\/$/, ''), text: e }));
    for (const { root, text } of entries.filter((e) => /^(apps|libs)\/[^/]+\/src$/.test(e.root) || e.root === 'apps/console')) {
      const existing = new Set(dirsUnder(root));
      const named = [...text.matchAll(/(?:^|[\s(,])([a-z][a-z-]*)\/(?=[\s,):]|$)/gm)].map((m) => m[1]).filter((n) => n !== root.split('/').pop());
      expect({ root, missing: named.filter((n) => !existing.has(n)) }).toEqual({ root, missing: [] });
      const top = readdirSync(join(ROOT, root), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
      expect({ root, unnamed: top.filter((n) => !named.includes(n)) }).toEqual({ root, unnamed: [] });
    }
  });

  describe('docs/contract.md names the contract as the code does', () => {
    const contract = read('docs/contract.md');
    const named = (names: readonly string[]): string[] => names.filter((n) => !contract.includes(`\`${n}\``) && !contract.includes(`'${n}'`));

    it('every topic and every event type', () => {
      expect(named(Object.values(TOPICS))).toEqual([]);
      expect(named(Object.keys(EVENT_TYPES))).toEqual([]);
    });

    it('every dead-letter header', () => {
      expect(named(Object.values(DLQ_HEADERS))).toEqual([]);
    });

    it('every capability, unmet reason, recall reason and loan status', () => {
      expect(named(CAPABILITIES)).toEqual([]);
      expect(named(UNMET_REASONS)).toEqual([]);
      expect(named(RECALL_REASONS)).toEqual([]);
      expect(named(LOAN_STATUSES)).toEqual([]);
    });

    it('every configuration variable the services read', () => {
      expect(named(Object.keys(new AppConfig()))).toEqual([]);
    });
  });

  it('docs/operations.md gives every topic its settings from topicConfig', () => {
    const operations = read('docs/operations.md');
    for (const spec of TOPIC_SPECS) {
      const row = operations.split('\n').find((line) => line.startsWith(`| \`${spec.name}\` |`));
      expect({ topic: spec.name, row: row !== undefined }).toEqual({ topic: spec.name, row: true });
      expect(row).toContain(spec.retention === 'compact' ? '`compact`' : '`delete`');
    }
  });
});
