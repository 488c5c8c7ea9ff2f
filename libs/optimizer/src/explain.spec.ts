import { explainUnmet, proposedPosture } from './explain';
import { decodeLoans } from './decode';
import { demand, floorRow, group, pair, problem, receivingRow, shareRow } from './testing/problem-fixture';

describe('explainUnmet', () => {
  it('blames a tight reserve floor, with the row detail', () => {
    const world = problem({
      groups: [group('A/1', 'A', 3)],
      demands: [demand('d1', 'X', 3)],
      pairs: [pair('A/1', 'd1')],
      floorRows: [floorRow('A', ['A/1'], 1)],
    });
    expect(explainUnmet(world, [1])).toEqual([
      { demandId: 'd1', missionId: 'X', capability: 'infantry-company', shortfall: 2, reasons: [{ missionId: 'A', reason: 'reserve-floor', detail: 'limit 1' }] },
    ]);
  });

  it('blames the share on loan when the floor still has room', () => {
    const world = problem({
      groups: [group('A/1', 'A', 3)],
      demands: [demand('d1', 'X', 3)],
      pairs: [pair('A/1', 'd1')],
      floorRows: [floorRow('A', ['A/1'], 3)],
      shareRows: [shareRow('A', { 'A/1': 150 }, 200)],
    });
    expect(explainUnmet(world, [1])[0].reasons).toEqual([{ missionId: 'A', reason: 'share-on-loan', detail: 'limit 200 personnel' }]);
  });

  it('blames the recipient capacity', () => {
    const world = problem({
      groups: [group('A/1', 'A', 3)],
      demands: [demand('d1', 'X', 3)],
      pairs: [pair('A/1', 'd1')],
      receivingRows: [receivingRow('X', ['d1'], 299)],
    });
    expect(explainUnmet(world, [1])[0].reasons).toEqual([{ missionId: 'A', reason: 'receiving-capacity', detail: 'capacity 299 personnel' }]);
  });

  it('names the demands that took the units, and keeps the exclusions, one reason per donor, sorted', () => {
    const world = problem({
      groups: [group('B/1', 'B', 2)],
      demands: [demand('d1', 'X', 2, 9), demand('d2', 'Y', 1, 1)],
      pairs: [pair('B/1', 'd1'), pair('B/1', 'd2')],
      exclusions: [{ demandId: 'd2', missionId: 'A', reason: 'out-of-range', detail: '3,100 km > 2,800 km' }],
    });
    const [unmet] = explainUnmet(world, [2, 0]);
    expect(unmet.demandId).toBe('d2');
    expect(unmet.reasons).toEqual([
      { missionId: 'A', reason: 'out-of-range', detail: '3,100 km > 2,800 km' },
      { missionId: 'B', reason: 'used-elsewhere', detail: 'units went to d1 (2 units, weight 9)' },
    ]);
  });

  it('states held, available, already proposed and floor for a tight floor', () => {
    const world = problem({
      groups: [group('A/1', 'A', 3)],
      demands: [demand('d1', 'X', 3)],
      pairs: [pair('A/1', 'd1')],
      floorRows: [{ ...floorRow('A', ['A/1'], 1), rowId: 'floor:A:infantry-company' }],
      posture: [{ missionId: 'A', capability: 'infantry-company', held: 4, available: 3, onLoanOut: 1, floor: 2 }],
    });
    expect(explainUnmet(world, [1])[0].reasons).toEqual([{ missionId: 'A', reason: 'reserve-floor', detail: 'held 4, available 3, already proposed 1, floor 2' }]);
  });

  it('names the competing demands even when the floor is also reached, and says the floor too', () => {
    const world = problem({
      groups: [group('B/1', 'B', 4)],
      demands: [demand('d1', 'X', 2, 45), demand('d2', 'Y', 2, 8)],
      pairs: [pair('B/1', 'd1'), pair('B/1', 'd2')],
      floorRows: [{ ...floorRow('B', ['B/1'], 2), rowId: 'floor:B:infantry-company' }],
      posture: [{ missionId: 'B', capability: 'infantry-company', held: 4, available: 4, onLoanOut: 0, floor: 2 }],
    });
    const [unmet] = explainUnmet(world, [2, 0]);
    expect(unmet).toEqual({
      demandId: 'd2',
      missionId: 'Y',
      capability: 'infantry-company',
      shortfall: 2,
      reasons: [{ missionId: 'B', reason: 'used-elsewhere', detail: 'units went to d1 (2 units, weight 45); reserve floor reached too: held 4, available 4, already proposed 2, floor 2' }],
    });
  });

  it('says nothing about demands that are fully covered', () => {
    const world = problem({ groups: [group('A/1', 'A', 1)], demands: [demand('d1', 'X', 1)], pairs: [pair('A/1', 'd1')] });
    expect(explainUnmet(world, [1])).toEqual([]);
  });
});

describe('proposedPosture', () => {
  it('adds what the plan lends out to the posture before it', () => {
    const world = problem({
      groups: [group('A/1', 'A', 3)],
      demands: [demand('d1', 'X', 2)],
      pairs: [pair('A/1', 'd1')],
      posture: [{ missionId: 'A', capability: 'infantry-company', held: 5, available: 3, onLoanOut: 0, floor: 1 }],
    });
    expect(proposedPosture(world, decodeLoans(world, [2]))).toEqual([
      { missionId: 'A', capability: 'infantry-company', held: 5, available: 3, onLoanOut: 0, floor: 1, proposedOut: 2 },
    ]);
  });
});
