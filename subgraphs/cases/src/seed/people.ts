import {
  addDays,
  childId,
  childReferents,
  seedId,
  BOY_NAMES,
  childProfile,
  GIRL_NAMES,
  guardianCount,
  guardianId,
  LAST_NAMES,
  random,
  STREETS,
  type Random,
  type SeedPlan,
} from '@passerelle/common';
import { Child, Sex } from '../child/child.entity';
import { searchKey } from '../child/child.search';
import { BarringDecisionKind, ContactPerson, ContactRole } from '../people/contact-person.entity';
import { Guardian, GuardianRelationship } from '../people/guardian.entity';
import { ChildReferent } from '../referent/child-referent.entity';

export function phone(r: Random, mobile = false): string {
  const pairs = Array.from({ length: 4 }, () => String(r.int(0, 99)).padStart(2, '0')).join(' ');
  return `${mobile ? r.pick(['06', '07']) : '02'} ${pairs}`;
}

/** The child row of demo child `i` (its référents are members: `seedReferents`). */
export function seedChild(plan: SeedPlan, i: number): Partial<Child> {
  const p = childProfile(plan, i);
  return {
    id: p.id,
    firstNames: p.firstNames,
    lastName: p.lastName,
    birthDate: p.birthDate,
    sex: p.sex as Sex,
    birthplace: p.birthplace.name,
    communeCode: p.commune.code,
    referentName: null,
    referentPhone: null,
    searchName: searchKey(p.firstNames, p.lastName),
  };
}

/** The référents ASE of demo child `i` (`childReferents`: département members, most children one). */
export function seedReferents(plan: SeedPlan, i: number): Partial<ChildReferent>[] {
  return childReferents(plan, plan, i).map((ref, k) => ({ id: seedId(`child-referent:${i}`, k), childId: childId(i), ...ref }));
}

/** Guardians `guardianId(i, g)` for g < guardianCount(i): the mother, then the father. */
export function seedGuardians(plan: SeedPlan, i: number): Partial<Guardian>[] {
  const p = childProfile(plan, i);
  const r = random(`guardian-people:${i}`);
  return Array.from({ length: guardianCount(i) }, (_, g) => {
    const mother = g === 0 && r.chance(0.92);
    const relationship = mother ? GuardianRelationship.MOTHER : g === 1 || r.chance(0.6) ? GuardianRelationship.FATHER : GuardianRelationship.LEGAL_GUARDIAN;
    const first = relationship === GuardianRelationship.MOTHER ? r.pick(GIRL_NAMES) : r.pick(BOY_NAMES);
    return {
      id: guardianId(i, g),
      childId: p.id,
      firstNames: first,
      lastName: r.chance(0.7) ? p.lastName : r.pick(LAST_NAMES),
      relationship,
      phone: r.chance(0.9) ? phone(r, true) : null,
      email: r.chance(0.5) ? `${first.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}.${i}@example.org` : null,
      address: `${r.int(1, 120)} ${r.pick(STREETS)}, ${p.commune.postalCode} ${p.commune.name}`,
    };
  });
}

/** Authorised pick-up persons for about 40 % of children, a barred person for about 8 %. */
export function seedContactPersons(plan: SeedPlan, i: number): Partial<ContactPerson>[] {
  const p = childProfile(plan, i);
  const r = random(`contact-people:${i}`);
  const out: Partial<ContactPerson>[] = [];
  if (r.chance(0.4)) {
    for (let k = r.int(1, 2); k > 0; k--) {
      out.push({
        childId: p.id,
        role: ContactRole.AUTHORISED_PICKUP,
        firstNames: r.pick(GIRL_NAMES),
        lastName: r.chance(0.5) ? p.lastName : r.pick(LAST_NAMES),
        relationship: r.pick(['grand-mère', 'tante', 'voisine', 'marraine', 'grand-père', 'oncle']),
        phone: phone(r, true),
      });
    }
  }
  if (r.chance(0.08)) {
    const courtOrder = r.chance(0.6);
    out.push({
      childId: p.id,
      role: ContactRole.BARRED_FROM_CONTACT,
      firstNames: r.pick(BOY_NAMES),
      lastName: r.pick(LAST_NAMES),
      relationship: r.pick(['beau-père', 'ancien compagnon de la mère', 'oncle', 'père']),
      phone: null,
      decisionKind: courtOrder ? BarringDecisionKind.COURT_ORDER : BarringDecisionKind.PLACEMENT_DECISION,
      decisionReference: `${courtOrder ? 'JE' : 'ASE'}-${plan.today.slice(0, 4)}-${String(i).padStart(6, '0')}`,
      decisionDate: [addDays(plan.today, -r.int(30, 700)), p.birthDate].sort().at(-1)!,
    });
  }
  return out;
}
