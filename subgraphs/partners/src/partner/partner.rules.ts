import { INSEE_COMMUNE_CODE } from '@passerelle/common';
import { isValidFiness, isValidSiret, isValidUai } from './codes';
import { KINDS_WITH_JURISDICTION, PartnerKind } from './partner.entity';

/** The fields of an institution that rules constrain together, whatever they come from (mutation or CSV). */
export interface PartnerFields {
  kind: PartnerKind;
  name: string;
  uai: string | null;
  siret: string | null;
  finess: string | null;
  postalCode: string | null;
  commune: string;
  communeCode: string;
  email: string | null;
  jurisdiction: { code: string; name: string }[];
}

export interface Problem {
  /** The field at fault, as the input names it (`uai`, `communeCode`...). */
  field: string;
  message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Every rule an institution's record obeys: which natural code each kind must or may carry,
 * check characters, formats, jurisdiction only for courts and parquets. Returns all problems,
 * not the first, so an import reports everything wrong with a row at once.
 */
export function partnerProblems(p: PartnerFields): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!p.name.trim()) add('name', 'name is required');
  if (p.kind === PartnerKind.SCHOOL && !p.uai) add('uai', 'a school needs its UAI code');
  if (p.kind !== PartnerKind.SCHOOL && p.uai) add('uai', 'only a school has a UAI code');
  if (p.uai && !isValidUai(p.uai)) add('uai', `UAI "${p.uai}" is not valid (7 digits and the right check letter)`);
  if (p.kind === PartnerKind.ASSOCIATION && !p.siret) add('siret', 'an association needs its SIRET number');
  if (p.siret && !isValidSiret(p.siret)) add('siret', `SIRET "${p.siret}" is not valid (14 digits with a correct key)`);
  if (p.finess && !isValidFiness(p.finess)) add('finess', `FINESS "${p.finess}" is not valid (9 characters with a correct key)`);
  if (p.postalCode !== null && !/^\d{5}$/.test(p.postalCode)) add('postalCode', `postal code "${p.postalCode}" must be 5 digits`);
  if (!p.commune.trim()) add('commune', 'commune is required');
  if (!INSEE_COMMUNE_CODE.test(p.communeCode)) add('communeCode', `INSEE commune code "${p.communeCode}" must be 5 characters`);
  if (p.email !== null && !EMAIL.test(p.email)) add('email', `"${p.email}" is not an email address`);
  if (p.jurisdiction.length > 0 && !KINDS_WITH_JURISDICTION.includes(p.kind)) {
    add('jurisdiction', 'only a court or a parquet has a jurisdiction');
  }
  for (const commune of p.jurisdiction) {
    if (!INSEE_COMMUNE_CODE.test(commune.code)) add('jurisdiction', `INSEE commune code "${commune.code}" must be 5 characters`);
  }
  if (new Set(p.jurisdiction.map((c) => c.code)).size !== p.jurisdiction.length) {
    add('jurisdiction', 'a commune appears twice in the jurisdiction');
  }
  return problems;
}
