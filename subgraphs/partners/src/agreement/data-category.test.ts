import { AGREEMENT_CATEGORIES } from '@passerelle/common';
import { DataCategory } from './data-category';

describe('the categories an agreement can grant', () => {
  it('are exactly the rows of the access matrix (one vocabulary for agreements and access rules)', () => {
    expect(Object.values(DataCategory).sort()).toEqual([...AGREEMENT_CATEGORIES].sort());
  });
});
