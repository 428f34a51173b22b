export * from './measures';
export * from './adoption';
export { addMonths, ageOn, birthday, dayOf, daysBetween, mondayOf, todayInFrance } from './calendar';
