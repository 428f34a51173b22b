import { MEASURE_KIND_NAMES } from '@passerelle/common';
import { MeasureKind } from './measure.enums';

describe('the law table covers the schema’s measure kinds', () => {
  it('every MeasureKind has exactly one row, and every row a MeasureKind', () => {
    expect([...MEASURE_KIND_NAMES].sort()).toEqual(Object.values(MeasureKind).sort());
  });
});
