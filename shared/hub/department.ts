// The department decides which SAMU an appointment goes to when no editor override applies; the postal code is
// the only place the directory knows. Postal codes mostly start with the department number, with two exceptions
// that matter for routing: Corsica (20xxx splits into 2A and 2B) and the overseas departments (three digits).

const POSTAL_CODE = /^\d{5}$/;

/**
 * French department from a 5-digit postal code: 01–95; Corsica 20000–20199 → '2A', 20200–20999 → '2B';
 * overseas 971xx–976xx → '971'..'976'; null for others (98xxx, invalid).
 */
export function departmentOfPostalCode(postalCode: string | null | undefined): string | null {
  if (typeof postalCode !== 'string') return null;
  const code = postalCode.trim();
  if (!POSTAL_CODE.test(code)) return null;
  const two = Number(code.slice(0, 2));
  if (two === 20) return Number(code.slice(2, 3)) <= 1 ? '2A' : '2B';
  if (two >= 1 && two <= 95) return code.slice(0, 2);
  if (two === 97) {
    const three = Number(code.slice(0, 3));
    return three >= 971 && three <= 976 ? String(three) : null;
  }
  // 00xxx does not exist; 96xxx is unused; 98xxx is Monaco and the Pacific territories, which no SAMU of the
  // SAS covers: none of them may be guessed into a department.
  return null;
}
