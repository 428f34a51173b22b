export * from './measures';
export { addMonths, ageOn, birthday, dayOf, daysBetween, mondayOf, todayInFrance } from './calendar';
