// National identifiers are always kept in their prefixed form (8+RPPS, 0+ADELI, 3+SIRET, 1+FINESS).

export const RPPS_PREFIXED = /^8\d{11}$/;
export const ADELI_PREFIXED = /^0\d{9}$/;
export const SIRET_PREFIXED = /^3\d{14}$/;
export const FINESS_PREFIXED = /^1\d{9}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isPrefixedPractitionerId(value: string): boolean {
  return RPPS_PREFIXED.test(value) || ADELI_PREFIXED.test(value);
}
