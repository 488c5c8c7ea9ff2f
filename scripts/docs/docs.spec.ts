import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CAPABILITIES, DLQ_HEADERS, EVENT_TYPES, LOAN_STATUSES, RECALL_REASONS, TOPIC_SPECS, TOPICS, UNMET_REASONS } from '@imc/contracts';
import { AppConfig } from '@imc/platform';

/**
 * The documentation ships with the code, so it is checked with it: links stay inside the
 * repository and lead somewhere, and docs/contract.md names everything other systems depend on,
 * spelt as the code spells it.
 */
const ROOT = resolve(__dirname, '..', '..');
const DOCS = ['README.md', 'docs/design.md', 'docs/contract.md', 'docs/operations.md'];
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

  it('the README links to the three documents', () => {
    const readme = read('README.md');
    for (const doc of ['docs/design.md', 'docs/contract.md', 'docs/operations.md']) expect(readme).toContain(`](${doc})`);
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
