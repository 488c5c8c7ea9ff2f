import { buildModel } from '../model-builder';
import { demand, group, pair, problem, receivingRow, termsOf, valuesOf, violation } from '../testing/problem-fixture';
import { receivingCapacity } from './receiving-capacity.constraint';

describe('receivingCapacity', () => {
  const world = problem({
    groups: [
      group('A/inf', 'A', 2, { personnel: 150 }),
      group('B/heli', 'B', 2, { personnel: 20, aircraft: 1, capability: 'utility-helicopter' }),
    ],
    demands: [demand('d1', 'X', 2), demand('d2', 'X', 2, 1, 'utility-helicopter')],
    pairs: [pair('A/inf', 'd1'), pair('B/heli', 'd2')],
    receivingRows: [receivingRow('X', ['d1', 'd2'], 300), receivingRow('X', ['d1', 'd2'], 1, 'aircraft')],
  });
  const built = buildModel(world);
  const [personnel, aircraft] = receivingCapacity(world, built.vars);

  it('weighs pairs into the recipient by the personnel each unit brings', () => {
    expect(termsOf(built, personnel)).toEqual({ 'y[A/inf|d1]': 150, 'y[B/heli|d2]': 20 });
    expect(personnel.upper).toBe(300);
  });

  it('counts only airframes in the aircraft row', () => {
    expect(termsOf(built, aircraft)).toEqual({ 'y[B/heli|d2]': 1 });
  });

  it('penalizes sending more than the recipient can shelter', () => {
    expect(violation(personnel, valuesOf(built, { 'y[A/inf|d1]': 2, 'y[B/heli|d2]': 1 }))).toBe(20);
    expect(violation(aircraft, valuesOf(built, { 'y[B/heli|d2]': 2 }))).toBe(1);
  });
});
