import { basesOf, Base, companiesOf, KNOWN_OPERATORS, missionHq, parseCsv, parseOverview, readGeoPko, sizeOfUnknown, slug, unitsAt, withFliers } from './geo-pko';

const data = readGeoPko();
const base = (name: string, aviation: number, contingents: [string, number][]): Base => ({
  mission: 'TEST',
  name,
  place: { name, lat: 0, lon: 0 },
  aviation,
  contingents: contingents.map(([contributor, troops]) => ({ contributor, name: contributor, troops })),
});

describe('reading Geo-PKO', () => {
  it('reads quoted CSV fields with commas and doubled quotes, and refuses a ragged line', () => {
    expect(parseCsv('a,b\n"x, y","say ""C"""\n')).toEqual([{ a: 'x, y', b: 'say "C"' }]);
    expect(() => parseCsv('a,b\n1,2,3\n', 'f.csv')).toThrow('f.csv: line 2 has 3 fields, the header 2');
    expect(() => parseCsv('a\n"open\n', 'f.csv')).toThrow('f.csv: a quoted field is not closed');
  });

  it('reads every row of the three files', () => {
    expect([data.locations.length, data.contributors.length, data.unitTypes.length]).toEqual([863, 637, 726]);
  });

  it('reads a contingent list, names with brackets and unknown sizes included', () => {
    expect(parseOverview('Korea (ROK) (650), Philippines (size unknown), Pakistan (300)')).toEqual([
      { name: 'Korea (ROK)', size: 650 },
      { name: 'Philippines', size: null },
      { name: 'Pakistan', size: 300 },
    ]);
    expect(() => parseOverview('Pakistan 300')).toThrow('cannot read the contingent "Pakistan 300"');
  });

  it('counts whole companies of 150: a battalion (650) is four, a platoon (35) none', () => {
    expect([companiesOf(300), companiesOf(650), companiesOf(950), companiesOf(35), companiesOf(149)]).toEqual([2, 4, 6, 0, 0]);
  });

  it('sizes an unknown contingent from what the location count leaves unexplained, and none without a count', () => {
    // UNDOF's Camp Faouar, 2012: 720 troops, 685 of them in named sizes; the Philippines get 35.
    const faouar = parseOverview('Austria (325), Croatia (325), India (18), Japan (17), Philippines (size unknown)');
    expect(sizeOfUnknown(720, faouar)).toBe(35);
    expect(sizeOfUnknown(null, faouar)).toBe(0);
    expect(sizeOfUnknown(600, faouar)).toBe(0);
    expect(sizeOfUnknown(1000, parseOverview('A (size unknown), B (size unknown)'))).toBe(500);
  });

  it('slugs location names for unit ids', () => {
    expect([slug('Tchien (Zwedru)'), slug("Dar'ā"), slug('Position 2-3'), slug('Harbel Airport')]).toEqual(['tchien-zwedru', 'dar-a', 'position-2-3', 'harbel-airport']);
  });

  it('takes the headquarters coded hq=3 in the year, else in the latest year that codes one', () => {
    expect(missionHq(data, 'MONUSCO', 2012)).toEqual({ name: 'Kinshasa', lat: -4.329722, lon: 15.315 });
    expect(missionHq(data, 'UNAMID', 2012)).toEqual({ name: 'El Fasher', lat: 13.6333333, lon: 25.35 });
    expect(() => missionHq(data, 'NOPE', 2012)).toThrow('Geo-PKO codes no mission headquarters (hq=3) for NOPE');
  });
});

describe('who flies at a base', () => {
  it('the smallest named contingent', () => {
    expect(withFliers([base('Goma', 2, [['IND', 950], ['ZAF', 950], ['UKR', 150], ['URY', 650]])])[0].flies).toBe('UKR');
  });

  it('a tie goes to the contributor already flying elsewhere in the mission, then to the first code', () => {
    const out = withFliers([base('Bunia', 2, [['BGD', 800], ['MAR', 150], ['NPL', 150], ['UKR', 150]]), base('Goma', 2, [['IND', 950], ['UKR', 150]]), base('Dungu', 2, [['GTM', 150], ['BGD', 150]])]);
    expect(out.map((b) => b.flies)).toEqual(['UKR', 'UKR', 'BGD']);
  });

  it('a known operator overrides the rule, only where the data places it', () => {
    expect(withFliers([base('Juba', 1, [['JPN', 150], ['RUS', 150]])], { Juba: 'RUS' })[0].flies).toBe('RUS');
    expect(() => withFliers([base('Juba', 1, [['JPN', 150]])], { Juba: 'RUS' })).toThrow('RUS is said to fly at Juba, where the data names no RUS contingent');
    expect(KNOWN_OPERATORS).toEqual({ UNMISS: { Juba: 'RUS' }, UNIFIL: { Naqoura: 'ITA' } });
  });

  it('no base without aviation has a flier; the one that flies holds no companies there', () => {
    const [bukavu] = withFliers([base('Bukavu', 1, [['CHN', 300], ['PAK', 300], ['URY', 150]])]);
    expect(unitsAt(bukavu)).toMatchObject({ companies: [{ contributor: 'CHN', count: 2 }, { contributor: 'PAK', count: 2 }], helicopters: 1 });
    expect(withFliers([base('Kalemie', 0, [['BEN', 650]])])[0].flies).toBeUndefined();
  });
});

describe('the 2012 bases of the demo missions', () => {
  it("MONUSCO at Bukavu: China's and Pakistan's two companies each, Uruguay flying its one aviation unit", () => {
    const bukavu = basesOf(data, 'MONUSCO', 2012).find((b) => b.name === 'Bukavu');
    expect(bukavu && unitsAt(bukavu)).toEqual({
      base: expect.objectContaining({ place: { name: 'Bukavu', lat: -2.5, lon: 28.866667 }, flies: 'URY', aviation: 1 }),
      companies: [{ contributor: 'CHN', count: 2 }, { contributor: 'PAK', count: 2 }],
      helicopters: 1,
    });
  });

  it('leaves out a contingent without a country, and names a contributor it cannot code', () => {
    const abidjan = basesOf(data, 'UNOCI', 2012).find((b) => b.name === 'Abidjan');
    expect(abidjan?.contingents.map((c) => c.name)).not.toContain('TCC name unknown');
    const odd = { ...data, contributors: [{ mission: 'X', year: '2012', location: 'Y', latitude: '0', longitude: '0', 'No.TCC': '1', 'year.overview': 'Atlantis (150)' }] };
    expect(() => basesOf(odd, 'X', 2012)).toThrow('X 2012 Y: no ISO3 code for the contributor "Atlantis"');
  });
});
