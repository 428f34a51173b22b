import { readConfig } from '@passerelle/common';

/** Evaluation delays (read at each use, so a restart with new values needs no code change). */
export function evaluationDelays(): { months: number; urgentDays: number } {
  const config = readConfig(['EVALUATION_DELAY_MONTHS', 'URGENT_EVALUATION_DELAY_DAYS']);
  return { months: config.EVALUATION_DELAY_MONTHS, urgentDays: config.URGENT_EVALUATION_DELAY_DAYS };
}
