import { addDays, childId, guardianCount, guardianId, LAST_NAMES, random, seedId, type SeedPlan } from '@passerelle/common';
import { VisitRightKind } from '../visit/visit-right.entity';
import { VisitCanceller, VisitStatus } from '../visit/visit.entity';

const CANCELLATIONS: [VisitCanceller, string][] = [
  [VisitCanceller.PARENT, 'Parent absent sans prévenir'],
  [VisitCanceller.PARENT, 'Parent malade, visite reportée'],
  [VisitCanceller.CHILD, 'L’enfant a refusé de se rendre à la visite'],
  [VisitCanceller.FACILITY, 'Sortie scolaire le même jour'],
  [VisitCanceller.MEDIATOR, 'Médiateur indisponible'],
];

const FREQUENCIES: Record<VisitRightKind, string> = {
  FREE: 'Un week-end sur deux, à convenir avec le lieu d’accueil',
  ACCOMPANIED: 'Un mercredi sur deux, 14h–17h, accompagné par l’éducateur référent',
  MEDIATED: 'Une heure tous les quinze jours, en présence d’un tiers',
  OVERNIGHT: 'Un week-end sur deux, du samedi 10h au dimanche 18h',
};

/** Visit rights of a child placed since `start`: its guardians', sometimes a grand-parent's, with recent visits. */
export function seedVisits(plan: SeedPlan, i: number, start: string, world: { rights: unknown[][]; visits: unknown[][] }): void {
  const r = random(`visit-rights:${i}`);
  const visitors: { guardian: string | null; relative: string | null; relationship: string | null }[] = [];
  for (let g = 0; g < guardianCount(i); g++) {
    if (r.chance(0.8)) visitors.push({ guardian: guardianId(i, g), relative: null, relationship: null });
  }
  if (r.chance(0.15)) visitors.push({ guardian: null, relative: `${r.pick(['Mme', 'M.'])} ${r.pick(LAST_NAMES)}`, relationship: r.pick(['grand-mère', 'grand-père', 'tante', 'oncle', 'sœur aînée']) });
  visitors.forEach((visitor, v) => {
    const id = seedId(`visit-right:${i}`, v);
    const kind = r.pick(Object.values(VisitRightKind));
    const place = kind === VisitRightKind.MEDIATED ? 'Espace de rencontre parents-enfants, Nantes' : kind === VisitRightKind.FREE || kind === VisitRightKind.OVERNIGHT ? 'Domicile familial' : 'Lieu d’accueil';
    const court = r.chance(0.8);
    world.rights.push([
      id, childId(i), visitor.guardian, visitor.relative, visitor.relationship, kind, FREQUENCIES[kind], place,
      court ? `Jugement du juge des enfants n° ${r.int(10000, 99999)}/${start.slice(0, 4)}` : 'Décision du service ASE',
      start, start,
    ]);
    // Every other week over the last ten weeks (not before the right), and the next one planned.
    for (let w = 5; w >= -1; w--) {
      const day = addDays(plan.today, -14 * w - r.int(0, 3));
      if (day < start) continue;
      const future = day > plan.today;
      const cancelled = !future && r.chance(0.22);
      const [by, reason] = cancelled ? r.pick(CANCELLATIONS) : [null, null];
      world.visits.push([
        seedId(`visit:${i}:${v}`, w + 1),
        id,
        day,
        future ? VisitStatus.PLANNED : cancelled ? VisitStatus.CANCELLED : VisitStatus.HELD,
        !future && !cancelled ? r.pick(['Visite chaleureuse, l’enfant était content.', 'Visite tendue au début, apaisée ensuite.', 'Bon moment partagé autour d’un jeu.']) : null,
        reason,
        by,
      ]);
    }
  });
}
