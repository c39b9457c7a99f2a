import { describe, expect, it } from 'vitest';
import { CREDENTIAL_HEADERS, journalHeaders, MASKED } from './header-masking';

describe('journalled headers', () => {
  it('masks every listed credential header, whatever its case', () => {
    for (const name of CREDENTIAL_HEADERS) {
      const out = journalHeaders({ [name.toUpperCase()]: 'secret-value' });
      expect(out[name], name).toBe(MASKED);
    }
  });

  it('masks headers whose name says they carry a secret, keeps ordinary ones', () => {
    const out = journalHeaders({
      'x-my-token': 'a',
      'x-session-id': 'b',
      'x-app-password': 'c',
      'x-editor-api_key': 'd',
      'content-type': 'application/fhir+json',
      'x-request-id': 'r-1',
      'user-agent': 'LGA/1.0',
      accept: 'application/fhir+json',
    });
    expect(out).toEqual({
      'x-my-token': MASKED,
      'x-session-id': MASKED,
      'x-app-password': MASKED,
      'x-editor-api_key': MASKED,
      'content-type': 'application/fhir+json',
      'x-request-id': 'r-1',
      'user-agent': 'LGA/1.0',
      accept: 'application/fhir+json',
    });
  });

  it('drops Set-Cookie and never keeps a cookie value', () => {
    const out = journalHeaders({ 'set-cookie': ['sid=abc; HttpOnly', 'x=1'], cookie: 'sid=abc', 'content-length': 12 });
    expect(out).toEqual({ cookie: MASKED, 'content-length': '12' });
    expect(JSON.stringify(out)).not.toContain('abc');
  });
});
