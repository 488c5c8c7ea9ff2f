import { splitComponents } from './components';
import { demand, floorRow, group, pair, problem, receivingRow } from './testing/problem-fixture';

const ids = (parts: ReturnType<typeof splitComponents>) => parts.map((part) => part.demands.map((d) => d.demandId));

describe('splitComponents', () => {
  const base = {
    groups: [group('A/1', 'A', 2), group('A/2', 'A', 2), group('B/1', 'B', 2)],
    demands: [demand('d1', 'X', 1), demand('d2', 'Y', 1), demand('d3', 'Z', 1)],
    pairs: [pair('A/1', 'd1'), pair('A/2', 'd2'), pair('B/1', 'd3')],
  };

  it('keeps demands with disjoint donors apart', () => {
    expect(ids(splitComponents(problem(base)))).toEqual([['d1'], ['d2'], ['d3']]);
  });

  it('joins demands whose donors share a floor row', () => {
    const parts = splitComponents(problem({ ...base, floorRows: [floorRow('A', ['A/1', 'A/2'], 1)] }));
    expect(ids(parts)).toEqual([['d1', 'd2'], ['d3']]);
    expect(parts[0].floorRows).toHaveLength(1);
    expect(parts[1].floorRows).toHaveLength(0);
  });

  it('joins demands that share a receiving row', () => {
    const parts = splitComponents(problem({ ...base, receivingRows: [receivingRow('X', ['d1', 'd3'], 300)] }));
    expect(ids(parts)).toEqual([['d1', 'd3'], ['d2']]);
    expect(parts[0].groups.map((g) => g.groupId)).toEqual(['A/1', 'B/1']);
  });

  it('gives a demand without candidates a component of its own, and keeps its previous units with its pairs', () => {
    const parts = splitComponents(problem({ ...base, demands: [...base.demands, demand('d4', 'W', 2)], previous: { 'A/1|d1': 1 } }));
    expect(ids(parts)).toEqual([['d1'], ['d2'], ['d3'], ['d4']]);
    expect(parts[0].previous).toEqual({ 'A/1|d1': 1 });
    expect(parts[3].pairs).toEqual([]);
  });
});
