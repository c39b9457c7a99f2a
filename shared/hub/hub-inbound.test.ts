import { describe, expect, it } from 'vitest';
import { parseHubInbound, UNEXTRACTED_DISTRIBUTION_ID } from './hub-inbound';

// Our own messages, shaped as hub-sante.md §2.5–2.6 describes them.
const OURS = 'fr.health.ptfsas_7e57a11b-0000-4000-8000-000000000001';

function envelope(over: Record<string, unknown>, message: Record<string, unknown>): Record<string, unknown> {
  return {
    distributionID: 'fr.health.samu690_aa11bb22-cc33-4d44-8e55-ff6677889900',
    senderID: 'fr.health.samu690',
    dateTimeSent: '2026-03-02T10:00:01+01:00',
    dateTimeExpires: '2026-03-03T10:00:01+01:00',
    distributionStatus: 'Actual',
    distributionKind: 'Ack',
    descriptor: { language: 'fr-FR', explicitAddress: { explicitAddressScheme: 'hubex', explicitAddressValue: 'fr.health.ptfsas' } },
    content: [{ jsonContent: { embeddedJsonContent: { message } } }],
    ...over,
  };
}

function ack(reference: Record<string, unknown>): Record<string, unknown> {
  return envelope(
    {},
    {
      messageId: 'fr.health.samu690_aa11bb22-cc33-4d44-8e55-ff6677889900',
      sender: { name: 'fr.health.samu690', URI: 'hubex:fr.health.samu690' },
      sentAt: '2026-03-02T10:00:01+01:00',
      kind: 'Ack',
      status: 'Actual',
      recipient: [{ name: 'fr.health.ptfsas', URI: 'hubex:fr.health.ptfsas' }],
      reference,
    },
  );
}

function error(over: Record<string, unknown>, errorBody: Record<string, unknown>): Record<string, unknown> {
  return envelope({ distributionKind: 'Error', ...over }, { error: errorBody });
}

const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('parseHubInbound: acknowledgements', () => {
  it('reads a bare final ack', () => {
    expect(parseHubInbound(bytes(ack({ distributionID: OURS })))).toEqual({
      kind: 'ack',
      distributionId: 'fr.health.samu690_aa11bb22-cc33-4d44-8e55-ff6677889900',
      sender: 'fr.health.samu690',
      ackedDistributionId: OURS,
      step: null,
      refused: null,
      errorDistributionId: null,
    });
  });

  it('reads step, refused and the related error', () => {
    const parsed = parseHubInbound(JSON.stringify(ack({ distributionID: OURS, step: 'INTEGRE', refused: false })));
    expect(parsed).toMatchObject({ kind: 'ack', step: 'INTEGRE', refused: false, errorDistributionId: null });
    const refused = parseHubInbound(bytes(ack({ distributionID: OURS, step: 'ERREUR', refused: true, errorDistributionID: 'fr.health.samu690_e1' })));
    expect(refused).toMatchObject({ kind: 'ack', step: 'ERREUR', refused: true, errorDistributionId: 'fr.health.samu690_e1' });
  });

  it('takes null optional fields as absent, and ignores fields it does not use', () => {
    const parsed = parseHubInbound(bytes({ ...ack({ distributionID: OURS, step: null, refused: null, extra: 1 }), unknownField: true }));
    expect(parsed).toMatchObject({ kind: 'ack', ackedDistributionId: OURS, step: null, refused: null });
  });

  it('is strict on the fields it uses', () => {
    expect(parseHubInbound(bytes(ack({})))).toMatchObject({ kind: 'unreadable' });
    expect(parseHubInbound(bytes(ack({ distributionID: '' })))).toMatchObject({ kind: 'unreadable' });
    expect(parseHubInbound(bytes(ack({ distributionID: OURS, refused: 'yes' })))).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('refused') });
    expect(parseHubInbound(bytes({ ...ack({ distributionID: OURS }), senderID: undefined }))).toMatchObject({ kind: 'unreadable' });
    expect(parseHubInbound(bytes(envelope({}, { kind: 'Ack' })))).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('reference') });
  });
});

describe('parseHubInbound: errors', () => {
  it('reads a Hub error (500 from fr.health.hub)', () => {
    const hub = error(
      { distributionID: 'fr.health.hub_0f0e0d0c-0b0a-4909-8808-070605040302', senderID: 'fr.health.hub' },
      {
        errorCode: { statusCode: 500, statusString: 'DEAD_LETTER_QUEUED' },
        errorCause: `Message ${OURS} expired in queue fr.health.samu690.message`,
        referencedDistributionID: OURS,
        sourceMessage: { distributionID: OURS, anything: { nested: true } },
      },
    );
    expect(parseHubInbound(bytes(hub))).toEqual({
      kind: 'error',
      distributionId: 'fr.health.hub_0f0e0d0c-0b0a-4909-8808-070605040302',
      sender: 'fr.health.hub',
      referencedDistributionId: OURS,
      code: 500,
      statusString: 'DEAD_LETTER_QUEUED',
      cause: `Message ${OURS} expired in queue fr.health.samu690.message`,
    });
  });

  it('reads an LRM error with a code outside the Hub list (409 CONFLICT)', () => {
    const lrm = error({}, { errorCode: { statusCode: 409, statusString: 'CONFLICT' }, errorCause: 'RDV déjà présent', referencedDistributionID: OURS });
    expect(parseHubInbound(bytes(lrm))).toMatchObject({ kind: 'error', sender: 'fr.health.samu690', code: 409, statusString: 'CONFLICT', cause: 'RDV déjà présent' });
  });

  it('keeps the report when only display fields are off, and recovers the reference from the quoted message', () => {
    const odd = error(
      { distributionID: 42, senderID: undefined },
      { errorCode: { statusCode: '300' }, errorCause: 7, referencedDistributionID: UNEXTRACTED_DISTRIBUTION_ID, sourceMessage: { distributionID: OURS } },
    );
    expect(parseHubInbound(bytes(odd))).toEqual({
      kind: 'error',
      distributionId: null,
      sender: null,
      referencedDistributionId: OURS,
      code: 300,
      statusString: 'INVALID_MESSAGE',
      cause: '',
    });
  });

  it('cannot use an error without a code or a reference', () => {
    expect(parseHubInbound(bytes(error({}, { errorCode: { statusString: 'X' }, errorCause: 'c', referencedDistributionID: OURS })))).toMatchObject({ kind: 'unreadable' });
    expect(parseHubInbound(bytes(error({}, { errorCode: { statusCode: 'abc', statusString: 'X' }, referencedDistributionID: OURS })))).toMatchObject({ kind: 'unreadable' });
    expect(parseHubInbound(bytes(error({}, { errorCode: { statusCode: 300, statusString: 'INVALID_MESSAGE' }, errorCause: 'c', referencedDistributionID: UNEXTRACTED_DISTRIBUTION_ID })))).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringContaining('referencedDistributionID'),
    });
  });
});

describe('parseHubInbound: anything else', () => {
  it('says why garbage is unreadable, without throwing', () => {
    const cases: [Uint8Array | string, RegExp][] = [
      ['not json', /pas du JSON/],
      ['', /pas du JSON/],
      [new Uint8Array([0xff, 0xfe, 0x00, 0x7b]), /UTF-8/],
      ['null', /EDXL-DE/],
      ['[1,2]', /EDXL-DE/],
      ['{"distributionKind": 3}', /EDXL-DE/],
      ['"a string"', /EDXL-DE/],
    ];
    for (const [body, reason] of cases) {
      const parsed = parseHubInbound(body);
      expect(parsed.kind).toBe('unreadable');
      expect(parsed.kind === 'unreadable' && parsed.reason).toMatch(reason);
    }
  });

  it('refuses a kind that does not belong on the ack and info queues', () => {
    const report = envelope({ distributionKind: 'Report' }, { appointment: {} });
    expect(parseHubInbound(bytes(report))).toEqual({ kind: 'unreadable', reason: 'Type de message inattendu ici : distributionKind Report (Ack ou Error attendu).' });
    expect(parseHubInbound(bytes(envelope({ distributionKind: 'ack' }, { reference: { distributionID: OURS } })))).toMatchObject({ kind: 'unreadable' });
    // An ack kind carrying an error body, or the reverse, is not read as the other.
    expect(parseHubInbound(bytes(envelope({ distributionKind: 'Error' }, { reference: { distributionID: OURS } })))).toMatchObject({ kind: 'unreadable' });
  });

  it('reads a body with a byte-order mark, as bytes or as text', () => {
    const text = `\uFEFF${JSON.stringify(ack({ distributionID: OURS }))}`;
    expect(parseHubInbound(text)).toMatchObject({ kind: 'ack' });
    expect(parseHubInbound(new TextEncoder().encode(text))).toMatchObject({ kind: 'ack' });
  });
});
