import { registerEnumType } from 'type-graphql';

/** Whose written agreement it is (MEASURE_RULES' `writtenAgreement`). */
export enum FamilyAgreementParty {
  PARENTS = 'PARENTS',
  YOUNG_ADULT = 'YOUNG_ADULT',
}
registerEnumType(FamilyAgreementParty, {
  name: 'FamilyAgreementParty',
  description: 'Whose written agreement a family agreement records.',
  valuesConfig: {
    PARENTS: { description: 'The parents’ (holders of parental authority) written agreement: accueil provisoire, AED (CASF L223-2).' },
    YOUNG_ADULT: { description: 'The young adult’s own: contrat jeune majeur (CASF L222-5).' },
  },
});

export enum FamilyAgreementSignerRole {
  PARENT = 'PARENT',
  YOUNG_ADULT = 'YOUNG_ADULT',
  DEPARTMENT = 'DEPARTMENT',
}
registerEnumType(FamilyAgreementSignerRole, {
  name: 'FamilyAgreementSignerRole',
  description: 'In which capacity someone signed a family agreement.',
  valuesConfig: {
    PARENT: { description: 'A holder of parental authority (a Guardian of the child).' },
    YOUNG_ADULT: { description: 'The young adult, for a contrat jeune majeur.' },
    DEPARTMENT: { description: 'The département (ASE), countersigning.' },
  },
});
