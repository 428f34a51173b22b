import { checkMove, ReturnHomePhase as P } from './return-home-phase';
import { addMonths, defaultPhases, withinUsualDuration } from './return-home.service';

describe('return-home phases move forward in order', () => {
  it('moves forward one phase at a time, to COMPLETED after the request for lifting', () => {
    expect(checkMove(P.DAY_VISITS, P.WEEKENDS, null)).toEqual({ ok: true, backward: false });
    expect(checkMove(P.WEEKENDS, P.HOLIDAYS, null)).toEqual({ ok: true, backward: false });
    expect(checkMove(P.HOLIDAYS, P.MAINLEVEE_REQUESTED, null)).toEqual({ ok: true, backward: false });
    expect(checkMove(P.MAINLEVEE_REQUESTED, P.COMPLETED, null)).toEqual({ ok: true, backward: false });
  });

  it('refuses to skip a phase, naming `to`', () => {
    expect(checkMove(P.DAY_VISITS, P.HOLIDAYS, 'pressé')).toMatchObject({ ok: false, field: 'to' });
    expect(checkMove(P.WEEKENDS, P.COMPLETED, null)).toMatchObject({ ok: false, field: 'to' });
  });

  it('goes back only with a reason, and says it went back', () => {
    expect(checkMove(P.HOLIDAYS, P.DAY_VISITS, null)).toMatchObject({ ok: false, field: 'reason' });
    expect(checkMove(P.HOLIDAYS, P.DAY_VISITS, '  ')).toMatchObject({ ok: false, field: 'reason' });
    expect(checkMove(P.HOLIDAYS, P.DAY_VISITS, 'Vacances difficiles')).toEqual({ ok: true, backward: true });
    expect(checkMove(P.MAINLEVEE_REQUESTED, P.HOLIDAYS, 'Requête retirée')).toEqual({ ok: true, backward: true });
  });

  it('abandons from any open phase with a reason; a closed plan does not move', () => {
    expect(checkMove(P.WEEKENDS, P.ABANDONED, null)).toMatchObject({ ok: false, field: 'reason' });
    expect(checkMove(P.WEEKENDS, P.ABANDONED, 'Reprise des difficultés')).toEqual({ ok: true, backward: false });
    expect(checkMove(P.COMPLETED, P.DAY_VISITS, 'reprise')).toMatchObject({ ok: false });
    expect(checkMove(P.ABANDONED, P.WEEKENDS, 'reprise')).toMatchObject({ ok: false });
    expect(checkMove(P.WEEKENDS, P.WEEKENDS, 'x')).toMatchObject({ ok: false, field: 'to' });
  });
});

describe('a plan lasts 3 to 6 months unless justified', () => {
  it('counts calendar months, clamping to the end of short months', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-10', 6)).toBe('2027-05-10');
  });

  it('accepts 3 to 6 months and nothing else', () => {
    expect(withinUsualDuration('2026-11-10', '2027-02-10')).toBe(true);
    expect(withinUsualDuration('2026-11-10', '2027-05-10')).toBe(true);
    expect(withinUsualDuration('2026-11-10', '2027-02-09')).toBe(false);
    expect(withinUsualDuration('2026-11-10', '2027-05-11')).toBe(false);
  });

  it('splits a plan into four ordered phases that cover it without overlapping', () => {
    const phases = defaultPhases('2026-11-10', '2027-03-10');
    expect(phases.map((p) => p.phase)).toEqual([P.DAY_VISITS, P.WEEKENDS, P.HOLIDAYS, P.MAINLEVEE_REQUESTED]);
    expect(phases[0]!.plannedStart).toBe('2026-11-10');
    expect(phases[3]!.plannedEnd).toBe('2027-03-10');
    for (let i = 1; i < phases.length; i++) expect(phases[i]!.plannedStart > phases[i - 1]!.plannedEnd).toBe(true);
    for (const p of phases) expect(p.plannedEnd >= p.plannedStart).toBe(true);
  });
});
