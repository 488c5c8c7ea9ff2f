import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Place } from '@imc/contracts';

/**
 * Reads the Geo-PKO slice in data/geo-pko/ (Cil, Fjelde, Hultman and Nilsson 2020) and maps one
 * mission-year to the demo's units: the mapping rules of docs/demo-world.md, one function each.
 * Nothing here knows the engine; the rows in, the bases with their units out.
 */

/** One row of a CSV file, by column name. */
export type Row = Record<string, string>;

/** RFC 4180 CSV: quoted fields may hold commas and doubled quotes. A malformed file is an error. */
export function parseCsv(text: string, file = 'csv'): Row[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new Error(`${file}: a quoted field is not closed`);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records.filter((r) => !(r.length === 1 && r[0] === ''));
  if (!header) throw new Error(`${file}: no header line`);
  return rows.map((r, n) => {
    if (r.length !== header.length) throw new Error(`${file}: line ${n + 2} has ${r.length} fields, the header ${header.length}`);
    return Object.fromEntries(header.map((h, k) => [h, r[k]]));
  });
}

export interface GeoPko {
  locations: Row[];
  contributors: Row[];
  unitTypes: Row[];
}

export const DATA_DIR = join(__dirname, '..', '..', 'data', 'geo-pko');

export function readGeoPko(dir = DATA_DIR): GeoPko {
  const read = (name: string): Row[] => parseCsv(readFileSync(join(dir, name), 'utf8'), name);
  return {
    locations: read('locations-2010-2012.csv'),
    contributors: read('contributors-2010-2012.csv'),
    unitTypes: read('unit-types-2010-2012.csv'),
  };
}

/** Standard unit sizes of the dataset's coding (its README): a company is 150 troops. */
export const COMPANY = 150;

/**
 * Contributor names as the dataset spells them, to the ISO 3166-1 alpha-3 codes the contract
 * uses. A name missing here stops the generator with its name, rather than inventing a code.
 */
export const ISO3: Record<string, string> = {
  Austria: 'AUT', Bangladesh: 'BGD', Belgium: 'BEL', Benin: 'BEN', Bolivia: 'BOL', Brazil: 'BRA',
  'Burkina Faso': 'BFA', Cambodia: 'KHM', China: 'CHN', Croatia: 'HRV', Denmark: 'DNK', Egypt: 'EGY',
  'El Salvador': 'SLV', Ethiopia: 'ETH', France: 'FRA', Gambia: 'GMB', Germany: 'DEU', Ghana: 'GHA',
  Greece: 'GRC', Guatemala: 'GTM', India: 'IND', Indonesia: 'IDN', Ireland: 'IRL', Italy: 'ITA',
  Japan: 'JPN', Jordan: 'JOR', Kenya: 'KEN', 'Korea (ROK)': 'KOR', Malawi: 'MWI', Malaysia: 'MYS',
  Mongolia: 'MNG', Morocco: 'MAR', Nepal: 'NPL', Niger: 'NER', Nigeria: 'NGA', Pakistan: 'PAK',
  Philippines: 'PHL', Portugal: 'PRT', Russia: 'RUS', Rwanda: 'RWA', Senegal: 'SEN', 'Sierra Leone': 'SLE',
  Slovenia: 'SVN', 'South Africa': 'ZAF', Spain: 'ESP', 'Sri Lanka': 'LKA', Tanzania: 'TZA', Thailand: 'THA',
  Togo: 'TGO', Tunisia: 'TUN', Turkey: 'TUR', Ukraine: 'UKR', Uruguay: 'URY',
};

/** The dataset's name for a contingent whose country the map did not give. */
export const UNNAMED = 'TCC name unknown';

export interface Contingent {
  /** As the dataset spells it. */
  name: string;
  /** Troops, or null where the map gave none (`size unknown`). */
  size: number | null;
}

/** `year.overview`: "Pakistan (300), Korea (ROK) (650), Philippines (size unknown)". */
export function parseOverview(overview: string): Contingent[] {
  if (overview.trim() === '') return [];
  return overview.split(', ').map((part) => {
    const m = /^(.+) \((\d+|size unknown)\)$/.exec(part.trim());
    if (!m) throw new Error(`cannot read the contingent "${part}" in "${overview}"`);
    return { name: m[1], size: m[2] === 'size unknown' ? null : Number(m[2]) };
  });
}

/** Whole companies in a contingent: 150 a company, a battalion (650) four, a platoon (35) none. */
export function companiesOf(troops: number): number {
  return Math.floor(troops / COMPANY);
}

/**
 * `size unknown`: the troops the location's own count (NoTroops, the largest over the year's maps)
 * leaves unexplained once the sized contingents are taken off, shared equally among the unsized
 * ones; none when the count is missing (NA) or explained already.
 */
export function sizeOfUnknown(noTroops: number | null, contingents: readonly Contingent[]): number {
  const unknown = contingents.filter((c) => c.size === null).length;
  if (unknown === 0 || noTroops === null) return 0;
  const known = contingents.reduce((n, c) => n + (c.size ?? 0), 0);
  return Math.max(0, Math.floor((noTroops - known) / unknown));
}

const number = (v: string | undefined): number | null => (v === undefined || v === '' || v === 'NA' ? null : Number(v));

export interface Base {
  mission: string;
  name: string;
  place: Place;
  /** Sized contingents (an unknown size resolved by sizeOfUnknown), named ones only. */
  contingents: { contributor: string; name: string; troops: number }[];
  /** Aviation units (unit-types `av`). */
  aviation: number;
  /** The contributor flying them (flyingContributors), when there are any. */
  flies?: string;
}

/** Dataset location names to unit-id slugs: "Tchien (Zwedru)" -> "tchien-zwedru", "Dar'ā" -> "dara". */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The mission's headquarters: the location coded hq=3 in `year`, else in the latest year that codes one. */
export function missionHq(data: GeoPko, mission: string, year: number): Place {
  const coded = data.locations.filter((r) => r.mission === mission && r.hq === '3');
  const inYear = coded.find((r) => Number(r.year) === year);
  const latest = [...coded].sort((a, b) => Number(b.year) - Number(a.year))[0];
  const row = inYear ?? latest;
  if (!row) throw new Error(`Geo-PKO codes no mission headquarters (hq=3) for ${mission}`);
  return { name: row.location, lat: Number(row.latitude), lon: Number(row.longitude) };
}

/** The bases of a mission in a year, with their named contingents and aviation units, in the file's order. */
export function basesOf(data: GeoPko, mission: string, year: number): Base[] {
  const noTroops = new Map<string, number | null>();
  for (const r of data.locations) {
    if (r.mission !== mission || Number(r.year) !== year) continue;
    const n = number(r.NoTroops);
    const before = noTroops.get(r.location);
    noTroops.set(r.location, before === undefined ? n : n === null ? before : Math.max(before ?? 0, n));
  }
  const aviation = new Map<string, number>();
  for (const r of data.unitTypes) {
    if (r.mission === mission && Number(r.year) === year) aviation.set(r.location, number(r.av) ?? 0);
  }
  const bases: Base[] = [];
  const seen = new Set<string>();
  for (const r of data.contributors) {
    if (r.mission !== mission || Number(r.year) !== year) continue;
    if (seen.has(r.location)) throw new Error(`${mission} ${year}: ${r.location} appears twice in contributors-2010-2012.csv`);
    seen.add(r.location);
    const all = parseOverview(r['year.overview']);
    const unknownSize = sizeOfUnknown(noTroops.get(r.location) ?? null, all);
    const contingents = all
      .filter((c) => c.name !== UNNAMED)
      .map((c) => {
        const contributor = ISO3[c.name];
        if (!contributor) throw new Error(`${mission} ${year} ${r.location}: no ISO3 code for the contributor "${c.name}" (add it to ISO3 in scripts/demo/geo-pko.ts)`);
        return { contributor, name: c.name, troops: c.size ?? unknownSize };
      });
    bases.push({ mission, name: r.location, place: { name: r.location, lat: Number(r.latitude), lon: Number(r.longitude) }, contingents, aviation: aviation.get(r.location) ?? 0 });
  }
  for (const [location, n] of aviation) {
    if (n > 0 && !seen.has(location)) throw new Error(`${mission} ${year}: ${n} aviation unit(s) at ${location}, which names no contributor`);
  }
  return withFliers(bases, KNOWN_OPERATORS[mission]);
}

/**
 * Where the public record names the operator and the rule of withFliers would pick another
 * contingent at the base (docs/demo-world.md says why each): mission, then base, then ISO3.
 */
export const KNOWN_OPERATORS: Record<string, Record<string, string>> = {
  UNMISS: { Juba: 'RUS' },
  UNIFIL: { Naqoura: 'ITA' },
};

/**
 * Who flies at a base with aviation units: the data does not say. An aviation unit is a small
 * contingent beside battalions, so the smallest named contingent there flies; a tie goes to the
 * contributor that already flies at more of the mission's bases (decided by a unique smallest
 * contingent), then to the first ISO3 code in alphabetical order. `known` (KNOWN_OPERATORS) overrides
 * the rule at a base, and must name a contributor the data places there.
 */
export function withFliers(bases: readonly Base[], known: Readonly<Record<string, string>> = {}): Base[] {
  const smallest = (b: Base) => {
    const min = Math.min(...b.contingents.map((c) => c.troops));
    return [...new Set(b.contingents.filter((c) => c.troops === min).map((c) => c.contributor))].sort();
  };
  const flying = new Map<string, number>();
  for (const b of bases) {
    if (b.aviation === 0 || b.contingents.length === 0) continue;
    const s = smallest(b);
    if (s.length === 1) flying.set(s[0], (flying.get(s[0]) ?? 0) + 1);
  }
  return bases.map((b) => {
    if (b.aviation === 0) return b;
    const s = smallest(b);
    if (s.length === 0) throw new Error(`${b.mission}: ${b.aviation} aviation unit(s) at ${b.name}, which names no contributor`);
    const told = known[b.name];
    if (told !== undefined) {
      if (!b.contingents.some((c) => c.contributor === told)) throw new Error(`${b.mission}: ${told} is said to fly at ${b.name}, where the data names no ${told} contingent`);
      return { ...b, flies: told };
    }
    const flies = [...s].sort((x, y) => (flying.get(y) ?? 0) - (flying.get(x) ?? 0) || x.localeCompare(y))[0];
    return { ...b, flies };
  });
}

export interface BaseUnits {
  base: Base;
  /** Infantry companies per contributor, in the order the dataset names them. */
  companies: { contributor: string; count: number }[];
  /** Utility-helicopter units of the contributor that flies. */
  helicopters: number;
}

/**
 * What each base holds in the demo: every named contingent but the one that flies is read as
 * infantry companies (companiesOf its troops); the one that flies is aircrew, and its base's
 * aviation units are its utility-helicopter units.
 */
export function unitsAt(base: Base): BaseUnits {
  const companies = base.contingents
    .filter((c) => c.contributor !== base.flies)
    .map((c) => ({ contributor: c.contributor, count: companiesOf(c.troops) }))
    .filter((c) => c.count > 0);
  return { base, companies, helicopters: base.flies ? base.aviation : 0 };
}
