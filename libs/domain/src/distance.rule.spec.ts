import { haversineKm } from './distance.rule';

const MONROVIA = { lat: 6.32, lon: -10.81 };
const ABIDJAN = { lat: 5.36, lon: -4.01 };
const KINSHASA = { lat: -4.44, lon: 15.27 };
const GOMA = { lat: -1.68, lon: 29.22 };
const JUBA = { lat: 4.86, lon: 31.57 };
const PORT_AU_PRINCE = { lat: 18.59, lon: -72.31 };

describe('haversineKm', () => {
  it('is zero for the same point and symmetric', () => {
    expect(haversineKm(ABIDJAN, ABIDJAN)).toBe(0);
    expect(haversineKm(MONROVIA, ABIDJAN)).toBeCloseTo(haversineKm(ABIDJAN, MONROVIA), 9);
  });

  it('gives about 670 km from Monrovia to Abidjan', () => {
    expect(haversineKm(MONROVIA, ABIDJAN)).toBeGreaterThan(740);
    expect(haversineKm(MONROVIA, ABIDJAN)).toBeLessThan(770);
  });

  it('puts Juba within a regional reach of both Goma and Kinshasa', () => {
    expect(haversineKm(GOMA, JUBA)).toBeGreaterThan(700);
    expect(haversineKm(GOMA, JUBA)).toBeLessThan(800);
    expect(haversineKm(KINSHASA, JUBA)).toBeGreaterThan(2000);
    expect(haversineKm(KINSHASA, JUBA)).toBeLessThan(2200);
  });

  it('puts Port-au-Prince an ocean away from Kinshasa', () => {
    expect(haversineKm(KINSHASA, PORT_AU_PRINCE)).toBeGreaterThan(9500);
    expect(haversineKm(KINSHASA, PORT_AU_PRINCE)).toBeLessThan(10500);
  });

  it('handles the antimeridian', () => {
    expect(haversineKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo(111.2, 0);
  });
});
