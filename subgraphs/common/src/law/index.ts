export * from './measures';
export { addMonths, ageOn, birthday, dayOf, daysBetween, todayInFrance } from './calendar';
