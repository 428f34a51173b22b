/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in the département's time zone: common's (law/calendar.ts). */
export { addDays, addMonths, ageOn, birthday, dayOf, daysBetween, todayInFrance } from '@passerelle/common';
