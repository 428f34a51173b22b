import { withLuhnKey } from '../partner/codes';
import { PartnerKind } from '../partner/partner.entity';
import { mapHeader, naturalKeyOf, readRecord } from './rows';

const HEADER = ['kind', 'name', 'uai', 'siret', 'finess', 'commune', 'commune_code'];
const columns = mapHeader(HEADER);
const read = (kind: string, codes: { uai?: string; siret?: string; finess?: string }) =>
  readRecord({ line: 2, values: [kind, `Une institution (${kind})`, codes.uai ?? '', codes.siret ?? '', codes.finess ?? '', 'Nantes', '44109'] }, columns, HEADER.length);

/** A SIREN (8 digits and its key), an establishment number, the SIRET's key. */
const SIRET = withLuhnKey(`${withLuhnKey('17440001')}0001`);
const FINESS = withLuhnKey('44000012');

describe('which register an imported institution is matched on', () => {
  it('a school by its UAI, a PMI centre or a hospital by its FINESS, every other kind by its SIRET', () => {
    expect(naturalKeyOf(PartnerKind.SCHOOL)).toBe('uai');
    expect([PartnerKind.PMI, PartnerKind.HOSPITAL].map(naturalKeyOf)).toEqual(['finess', 'finess']);
    const others = Object.values(PartnerKind).filter((k) => ![PartnerKind.SCHOOL, PartnerKind.PMI, PartnerKind.HOSPITAL].includes(k));
    expect(others).toEqual(expect.arrayContaining(['ASSOCIATION', 'COURT', 'PROSECUTOR', 'POLICE', 'CRIP', 'SNATED', 'TOWN_HALL', 'PRIVATE_PRACTICE']));
    for (const kind of others) expect([kind, naturalKeyOf(kind)]).toEqual([kind, 'siret']);
  });

  it('takes a court, a parquet, the police, the CRIP, the 119 with a valid SIRET and no FINESS', () => {
    expect(SIRET).toMatch(/^\d{14}$/);
    for (const kind of ['COURT', 'PROSECUTOR', 'POLICE', 'CRIP', 'SNATED', 'TOWN_HALL', 'PRIVATE_PRACTICE']) {
      const row = read(kind, { siret: SIRET });
      expect([kind, 'reason' in row ? row.reason : row.key]).toEqual([kind, 'siret']);
    }
  });

  it('refuses one with no code, or a SIRET whose key is wrong, saying which', () => {
    expect(read('COURT', {})).toEqual({ line: 2, reason: 'siret: a COURT is imported by its SIRET, which is missing' });
    const wrong = `${SIRET.slice(0, 13)}${(Number(SIRET[13]) + 1) % 10}`;
    expect(read('POLICE', { siret: wrong })).toEqual({ line: 2, reason: `siret: SIRET "${wrong}" is not valid (14 digits with a correct key)` });
    // A FINESS does not stand for the SIRET of a kind FINESS does not register.
    expect(read('CRIP', { finess: FINESS })).toEqual({ line: 2, reason: 'siret: a CRIP is imported by its SIRET, which is missing' });
  });

  it('still requires the FINESS of a PMI centre or a hospital, valid: a SIRET does not replace it', () => {
    expect(read('HOSPITAL', { siret: SIRET })).toEqual({ line: 2, reason: 'finess: a HOSPITAL is imported by its FINESS, which is missing' });
    const badFiness = `${FINESS.slice(0, 8)}${(Number(FINESS[8]) + 1) % 10}`;
    expect(read('PMI', { finess: badFiness, siret: SIRET })).toEqual({ line: 2, reason: `finess: FINESS "${badFiness}" is not valid (9 characters with a correct key)` });
    const ok = read('HOSPITAL', { finess: FINESS, siret: SIRET });
    expect('reason' in ok ? ok.reason : ok.key).toBe('finess');
  });
});
