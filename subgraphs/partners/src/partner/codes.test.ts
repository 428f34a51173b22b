import { isValidFiness, isValidSiret, isValidUai, normaliseCode, withLuhnKey } from './codes';

describe('natural codes', () => {
  it('checks the UAI check letter', () => {
    expect(isValidUai('0442001L')).toBe(true);
    expect(isValidUai('0442001M')).toBe(false);
    expect(isValidUai('044200L')).toBe(false);
  });

  it('checks the SIRET Luhn key, with La Poste’s exception', () => {
    expect(isValidSiret('81234513000015')).toBe(true);
    expect(isValidSiret('81234513000016')).toBe(false);
    expect(isValidSiret('35600000000010')).toBe(true); // digit sum 15
    expect(isValidSiret('35600000000011')).toBe(false);
    expect(isValidSiret('1234')).toBe(false);
  });

  it('checks the FINESS key and accepts Corsica', () => {
    expect(isValidFiness(withLuhnKey('44090001'))).toBe(true);
    expect(isValidFiness('440900018')).toBe(false);
    expect(isValidFiness('2A0001234')).toBe(true);
  });

  it('normalises codes as people type them', () => {
    expect(normaliseCode(' 812 345 130 00015 ')).toBe('81234513000015');
    expect(normaliseCode('0442001l')).toBe('0442001L');
  });
});
