/**
 * The natural codes institutions are known by in the national registers, and their check
 * characters: a typo in an imported file must be rejected, not create a second institution.
 * - UAI (unité administrative immatriculée, Éducation nationale): 7 characters then a check
 *   letter, the 7-digit number modulo 23 in the alphabet without I, O and Q.
 * - SIRET (INSEE): 14 digits, Luhn key (La Poste's establishments use a digit-sum rule instead).
 * - FINESS (health and social establishments): 9 characters, département then 6 digits then a
 *   Luhn key (Corsica's 2A/2B are accepted without the key check).
 */

const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export function uaiCheckLetter(sevenDigits: string): string {
  return UAI_LETTERS[Number(sevenDigits) % 23]!;
}

export function isValidUai(value: string): boolean {
  const match = /^(\d{7})([A-Z])$/.exec(value);
  return match !== null && uaiCheckLetter(match[1]!) === match[2];
}

function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

export function isLuhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && luhnSum(digits) % 10 === 0;
}

/** `prefix` followed by the digit that makes the whole Luhn-valid. */
export function withLuhnKey(prefix: string): string {
  const sum = luhnSum(`${prefix}0`);
  return `${prefix}${(10 - (sum % 10)) % 10}`;
}

const LA_POSTE_SIREN = '356000000';

export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  if (value.startsWith(LA_POSTE_SIREN)) {
    return [...value].reduce((sum, d) => sum + Number(d), 0) % 5 === 0;
  }
  return isLuhnValid(value);
}

export function isValidFiness(value: string): boolean {
  if (/^(2A|2B)\d{7}$/.test(value)) return true;
  return /^\d{9}$/.test(value) && isLuhnValid(value);
}

/** Codes as people type them: spaces and dots dropped, letters upper-cased. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s.]/g, '').toUpperCase();
}
