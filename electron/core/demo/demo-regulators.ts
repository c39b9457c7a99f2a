import { prng } from '../../../shared/domain/prng';
import type { RegulatorInput } from '../../../shared/regulators/regulator-types';

const FAMILY = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'Loridon', "N'Diaye", 'Fontaine', 'Chevalier', 'Rousseau'];
const GIVEN = ['Sébastien', 'Camille', 'Léa', 'Hugo', 'Chloé', 'Louis', 'Inès', 'Jules', 'Manon', 'Gabriel', 'Zoé', 'Raphaël', 'Anaïs', 'Noé', 'Élodie', 'Mathis'];
const SAMUS = ['fr.health.samu075', 'fr.health.samu033', 'fr.health.samu069', 'fr.health.samu013', 'fr.health.samu974'];

function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
  // Version 4, variant 10: a well-formed UUID like those the SAS platform issues.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A reproducible set of regulators for demos, tests and benchmarks: about a third with a national id (an RPPS,
 * prefixed 8), the others known by their SAS technical id only, as during the transition the IG describes.
 */
export function demoRegulators(count: number, seed = 42): RegulatorInput[] {
  const next = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const familyName = FAMILY[Math.floor(next() * FAMILY.length)];
    const givenName = GIVEN[Math.floor(next() * GIVEN.length)];
    const withNational = next() < 0.35;
    const local = `${givenName}.${familyName}`.normalize('NFD').replace(/[^A-Za-z.]/g, '').toLowerCase();
    return {
      technicalId: uuidFrom(next),
      nationalId: withNational ? `8${String(10_000_000_000 + i * 7_919 + seed).slice(-11)}` : null,
      familyName,
      givenName,
      email: `${local}.${i}@regulation-test.fr`,
      active: true,
      samu: SAMUS[Math.floor(next() * SAMUS.length)],
    };
  });
}
