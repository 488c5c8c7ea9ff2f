import type { Capability } from '@imc/contracts';
import { cautionBlocks } from './caution.rule';

const caution: Capability[] = ['special-forces', 'engineering-unit', 'field-hospital'];

describe('cautionBlocks', () => {
  it('blocks a caution capability unless the demand allows it', () => {
    expect(cautionBlocks('engineering-unit', caution, undefined)).toBe(true);
    expect(cautionBlocks('engineering-unit', caution, false)).toBe(true);
    expect(cautionBlocks('engineering-unit', caution, true)).toBe(false);
  });

  it('never blocks other capabilities', () => {
    expect(cautionBlocks('heavy-engineering-equipment', caution, undefined)).toBe(false);
  });
});
