import type { Transitions } from '../lifecycle';
import { MeasureStatus } from './measure.enums';

/** PROPOSED → ACTIVE → (RENEWED)* → ENDED | LIFTED. */
export const MEASURE_TRANSITIONS: Transitions<MeasureStatus> = {
  [MeasureStatus.PROPOSED]: [MeasureStatus.ACTIVE],
  [MeasureStatus.ACTIVE]: [MeasureStatus.RENEWED, MeasureStatus.ENDED, MeasureStatus.LIFTED],
  [MeasureStatus.RENEWED]: [MeasureStatus.RENEWED, MeasureStatus.ENDED, MeasureStatus.LIFTED],
  [MeasureStatus.ENDED]: [],
  [MeasureStatus.LIFTED]: [],
};

export const OPEN_MEASURE_STATUSES: readonly MeasureStatus[] = [MeasureStatus.ACTIVE, MeasureStatus.RENEWED];
