import { describe, expect, it } from 'vitest';
import {
  appointmentOf,
  buildRdvEnvelope,
  checkRdvEnvelope,
  isHubDateTime,
  isRdvInstant,
  isValidRdvEnvelope,
  MESSAGE_PATH,
  NOS_PROFESSION_URL,
  NOS_SPECIALITY_URL,
  rdvEnvelopeSchema,
  rdvStatus,
  type RdvEnvelope,
  type RdvMessageInput,
} from './rdv-message';

// Our own fixtures (invented ids and people), not the official examples.
const DIST = 'fr.health.test.ptfsas_6f1d2c3b-4a59-4e7f-8a0b-1c2d3e4f5a6b';
const WINTER = Date.UTC(2026, 0, 15, 8, 30); // 09:30 in Paris (+01:00)
const SUMMER = Date.UTC(2026, 6, 15, 8, 30); // 10:30 in Paris (+02:00)

function input(over: Partial<RdvMessageInput['appointment']> = {}, top: Partial<Omit<RdvMessageInput, 'appointment'>> = {}): RdvMessageInput {
  return {
    clientId: 'fr.health.test.ptfsas',
    recipient: 'fr.health.samu330',
    distributionId: DIST,
    sentUtc: Date.UTC(2026, 0, 14, 17, 5, 54, 789),
    expiresUtc: Date.UTC(2026, 0, 15, 17, 5, 54),
    ...top,
    appointment: {
      appointmentId: 'c0ffee00-1111-4222-8333-444455556666',
      method: 'CreateAppointment',
      createdUtc: Date.UTC(2026, 0, 14, 17, 0),
      startUtc: WINTER,
      endUtc: WINTER + 20 * 60_000,
      status: 'booked',
      orientationCategory: 'PS',
      practitioner: { rppsId: '810099887766', lastName: 'LEGRAND', firstName: 'Odile', specialityCode: 'SM54', professionCode: '10' },
      organization: { organizationId: '334567890100012', name: 'Maison de santé des Chartrons' },
      regulator: { regulatorId: '3330000001/99999AB', name: 'MARTIN', firstName: 'Chloé', email: 'chloe.martin@sas.test' },
      ...over,
    },
  };
}

/** A deep copy to break, and its message and appointment. */
function broken(env: RdvEnvelope = buildRdvEnvelope(input())) {
  const copy = JSON.parse(JSON.stringify(env)) as Record<string, unknown> & {
    content: { jsonContent: { embeddedJsonContent: { message: Record<string, unknown> & { appointment: Record<string, unknown> } } } }[];
  };
  const message = copy.content[0].jsonContent.embeddedJsonContent.message;
  return { copy, message, appointment: message.appointment };
}

const ids = (v: unknown) => checkRdvEnvelope(v).map((d) => d.ruleId);

describe('buildRdvEnvelope', () => {
  it('writes the whole envelope of a create with every field', () => {
    expect(buildRdvEnvelope(input())).toEqual({
      distributionID: DIST,
      senderID: 'fr.health.test.ptfsas',
      dateTimeSent: '2026-01-14T18:05:54+01:00',
      dateTimeExpires: '2026-01-15T18:05:54+01:00',
      distributionStatus: 'Actual',
      distributionKind: 'Report',
      descriptor: { language: 'fr-FR', explicitAddress: { explicitAddressScheme: 'hubex', explicitAddressValue: 'fr.health.samu330' } },
      content: [
        {
          jsonContent: {
            embeddedJsonContent: {
              message: {
                messageId: DIST,
                sender: { name: 'fr.health.test.ptfsas', URI: 'hubex:fr.health.test.ptfsas' },
                sentAt: '2026-01-14T18:05:54+01:00',
                kind: 'Report',
                status: 'Actual',
                recipient: [{ name: 'fr.health.samu330', URI: 'hubex:fr.health.samu330' }],
                appointment: {
                  appointmentId: 'c0ffee00-1111-4222-8333-444455556666',
                  method: 'CreateAppointment',
                  created: '2026-01-14T18:00:00+01:00',
                  status: 'booked',
                  orientationCategory: 'PS',
                  start: '2026-01-15T09:30:00+01:00',
                  end: '2026-01-15T09:50:00+01:00',
                  practitioner: {
                    rppsId: '810099887766',
                    lastName: 'LEGRAND',
                    firstName: 'Odile',
                    specialityCode: 'SM54',
                    specialityUrl: NOS_SPECIALITY_URL,
                    professionCode: '10',
                    professionUrl: NOS_PROFESSION_URL,
                  },
                  organization: { organizationId: '334567890100012', name: 'Maison de santé des Chartrons' },
                  regulator: { regulatorId: '3330000001/99999AB', regulatorName: 'MARTIN', regulatorFirstname: 'Chloé', regulatorEmail: 'chloe.martin@sas.test' },
                },
              },
            },
          },
        },
      ],
    });
    expect(checkRdvEnvelope(buildRdvEnvelope(input()))).toEqual([]);
  });

  it('omits what an update does not carry, and never writes null', () => {
    const env = buildRdvEnvelope(input({ method: 'UpdateAppointment', status: 'cancelled', practitioner: null, organization: null, endUtc: null, orientationCategory: null }));
    const appointment = env.content[0].jsonContent.embeddedJsonContent.message.appointment;
    expect(Object.keys(appointment)).toEqual(['appointmentId', 'method', 'created', 'status', 'start', 'regulator']);
    expect(appointment.method).toBe('UpdateAppointment');
    expect(appointment.status).toBe('cancelled');
    expect(JSON.stringify(env)).not.toContain('null');
    expect(checkRdvEnvelope(env)).toEqual([]);
  });

  it('adds a NOS url only beside a code that is there', () => {
    const env = buildRdvEnvelope(input({ practitioner: { rppsId: '810099887766', lastName: 'L', firstName: 'O', specialityCode: null, professionCode: '10' } }));
    expect(env.content[0].jsonContent.embeddedJsonContent.message.appointment.practitioner).toEqual({
      rppsId: '810099887766',
      lastName: 'L',
      firstName: 'O',
      professionCode: '10',
      professionUrl: NOS_PROFESSION_URL,
    });
  });

  it('writes Paris time with the winter and the summer offset, without milliseconds or Z', () => {
    const winter = buildRdvEnvelope(input({ startUtc: WINTER, endUtc: null }));
    const summer = buildRdvEnvelope(input({ startUtc: SUMMER, endUtc: SUMMER + 15 * 60_000 }, { sentUtc: SUMMER - 3_600_000, expiresUtc: SUMMER }));
    expect(winter.content[0].jsonContent.embeddedJsonContent.message.appointment.start).toBe('2026-01-15T09:30:00+01:00');
    const m = summer.content[0].jsonContent.embeddedJsonContent.message;
    expect(m.appointment.start).toBe('2026-07-15T10:30:00+02:00');
    expect(m.appointment.end).toBe('2026-07-15T10:45:00+02:00');
    expect(m.sentAt).toBe('2026-07-15T09:30:00+02:00');
    expect(summer.dateTimeSent).toBe(m.sentAt);
    expect(summer.dateTimeExpires).toBe('2026-07-15T10:30:00+02:00');
    expect(checkRdvEnvelope(summer)).toEqual([]);
  });

  it('never sends a SAS technical id (UUID) as the regulator id', () => {
    const uuid = '0b9a8c7d-6e5f-4a3b-9c2d-1e0f2a3b4c5d';
    for (const regulatorId of [uuid, uuid.toUpperCase(), uuid.replaceAll('-', ''), null]) {
      const env = buildRdvEnvelope(input({ regulator: { regulatorId, name: 'MARTIN', firstName: 'Chloé', email: 'c@sas.test' } }));
      const regulator = env.content[0].jsonContent.embeddedJsonContent.message.appointment.regulator;
      expect(regulator).toEqual({ regulatorName: 'MARTIN', regulatorFirstname: 'Chloé', regulatorEmail: 'c@sas.test' });
      expect(JSON.stringify(env).toLowerCase()).not.toContain(uuid.replaceAll('-', '').slice(0, 12));
    }
    const rpps = buildRdvEnvelope(input({ regulator: { regulatorId: '810012345678', name: 'M', firstName: 'C', email: 'c@sas.test' } }));
    expect(rpps.content[0].jsonContent.embeddedJsonContent.message.appointment.regulator.regulatorId).toBe('810012345678');
  });

  it('refuses a distributionId that does not start with the client id (a caller bug)', () => {
    expect(() => buildRdvEnvelope(input({}, { distributionId: 'fr.health.ptfsas_6f1d2c3b' }))).toThrow(RangeError);
    expect(() => buildRdvEnvelope(input({}, { distributionId: 'fr.health.test.ptfsas_' }))).toThrow(/distributionId/);
    expect(() => buildRdvEnvelope(input({}, { distributionId: 'fr.health.test.ptfsas-6f1d2c3b' }))).toThrow(RangeError);
    expect(() => buildRdvEnvelope(input({}, { clientId: 'ptfsas', distributionId: 'ptfsas_1' }))).toThrow(/client id/);
    expect(() => buildRdvEnvelope(input({ startUtc: Number.NaN }))).toThrow(/startUtc/);
  });

  it('leaves data problems to the check: an unprefixed RPPS is built as given and refused there', () => {
    const env = buildRdvEnvelope(input({ practitioner: { rppsId: '10099887766', lastName: 'L', firstName: 'O', specialityCode: null, professionCode: null } }));
    expect(ids(env)).toEqual(['HUB-RDV-PRACTITIONER-RPPSID']);
  });

  it('reads the appointment back', () => {
    const env = buildRdvEnvelope(input());
    expect(appointmentOf(env)).toEqual(env.content[0].jsonContent.embeddedJsonContent.message.appointment);
    expect(appointmentOf({})).toBeNull();
    expect(appointmentOf(broken().copy)).not.toBeNull();
  });
});

describe('rdvStatus', () => {
  it.each([
    ['proposed', 'pending'],
    ['pending', 'pending'],
    ['waitlist', 'pending'],
    ['booked', 'booked'],
    ['arrived', 'booked'],
    ['checked-in', 'booked'],
    ['fulfilled', 'fulfilled'],
    ['noshow', 'noshow'],
    ['cancelled', 'cancelled'],
    ['entered-in-error', 'cancelled'],
  ])('%s → %s', (fhir, rdv) => {
    expect(rdvStatus(fhir)).toBe(rdv);
  });

  it('has no counterpart for anything else, case included', () => {
    for (const s of ['BOOKED', 'Booked', 'canceled', '', 'unknown']) expect(rdvStatus(s)).toBeNull();
  });
});

describe('checkRdvEnvelope', () => {
  it('refuses an RPPS without the 8 prefix, or 8 + something that is not an RPPS', () => {
    for (const rppsId of ['10099887766', '800099887766', '8100998877660', '81009988776X']) {
      const { copy, appointment } = broken();
      (appointment.practitioner as Record<string, unknown>).rppsId = rppsId;
      const d = checkRdvEnvelope(copy);
      expect(d).toHaveLength(1);
      expect(d[0]).toMatchObject({
        family: 'hub-schema',
        ruleId: 'HUB-RDV-PRACTITIONER-RPPSID',
        severity: 'error',
        expression: `${MESSAGE_PATH}.appointment.practitioner.rppsId`,
      });
      expect(d[0].diagnostics).toContain('rppsId');
    }
  });

  it('refuses an extra property at every level', () => {
    const levels: [string, (b: ReturnType<typeof broken>) => void, string, string][] = [
      ['root', (b) => (b.copy.keyword = 'x'), 'HUB-ENVELOPE', 'keyword'],
      ['descriptor', (b) => ((b.copy.descriptor as Record<string, unknown>).keyword = 'x'), 'HUB-ENVELOPE', 'descriptor.keyword'],
      ['content item', (b) => ((b.copy.content[0] as Record<string, unknown>).contentXML = 'x'), 'HUB-CONTENT', 'content[0].contentXML'],
      ['message', (b) => (b.message.reference = { distributionID: 'x' }), 'HUB-RCDE', `${MESSAGE_PATH}.reference`],
      ['sender', (b) => ((b.message.sender as Record<string, unknown>).id = 'x'), 'HUB-RCDE', `${MESSAGE_PATH}.sender.id`],
      ['appointment', (b) => (b.appointment.comment = 'x'), 'HUB-RDV', `${MESSAGE_PATH}.appointment.comment`],
      ['practitioner', (b) => ((b.appointment.practitioner as Record<string, unknown>).rpps = 'x'), 'HUB-RDV-PRACTITIONER', `${MESSAGE_PATH}.appointment.practitioner.rpps`],
      ['regulator', (b) => ((b.appointment.regulator as Record<string, unknown>).phone = 'x'), 'HUB-RDV-REGULATOR', `${MESSAGE_PATH}.appointment.regulator.phone`],
    ];
    for (const [, mutate, ruleId, expression] of levels) {
      const b = broken();
      mutate(b);
      const d = checkRdvEnvelope(b.copy);
      expect(d.map((x) => [x.ruleId, x.expression])).toEqual([[ruleId, expression]]);
    }
  });

  it('refuses a method or a status in the wrong case', () => {
    const m = broken();
    m.appointment.method = 'createAppointment';
    expect(ids(m.copy)).toEqual(['HUB-RDV-METHOD']);
    expect(checkRdvEnvelope(m.copy)[0].diagnostics).toContain('CreateAppointment');
    const s = broken();
    s.appointment.status = 'BOOKED';
    expect(ids(s.copy)).toEqual(['HUB-RDV-STATUS']);
  });

  it('refuses instants with Z, milliseconds, no seconds, or that do not exist', () => {
    const sent = broken();
    sent.message.sentAt = '2026-01-14T17:05:54Z';
    expect(ids(sent.copy)).toEqual(['HUB-RCDE']);
    expect(checkRdvEnvelope(sent.copy)[0].expression).toBe(`${MESSAGE_PATH}.sentAt`);
    for (const start of ['2026-01-15T08:30:00Z', '2026-01-15T09:30:00.000+01:00', '2026-01-15T09:30+01:00', '2026-02-30T09:30:00+01:00', '2026-01-15T24:30:00+01:00', '2026-01-15 09:30:00+01:00']) {
      const b = broken();
      b.appointment.start = start;
      expect(ids(b.copy), start).toEqual(['HUB-RDV-START']);
    }
  });

  it('accepts an envelope dateTimeSent in Z when it is the same instant as sentAt, refuses another instant', () => {
    const same = broken();
    same.copy.dateTimeSent = '2026-01-14T17:05:54Z';
    expect(checkRdvEnvelope(same.copy)).toEqual([]);
    const other = broken();
    other.copy.dateTimeSent = '2026-01-14T18:05:55+01:00';
    expect(ids(other.copy)).toEqual(['HUB-SENT-AT']);
  });

  it('refuses a messageId other than the distributionID, and a distributionID not prefixed by the sender', () => {
    const b = broken();
    b.message.messageId = 'fr.health.test.ptfsas_another';
    expect(ids(b.copy)).toEqual(['HUB-MESSAGE-ID']);
    const p = broken();
    p.copy.distributionID = 'fr.health.ptfsas_6f1d2c3b';
    p.message.messageId = 'fr.health.ptfsas_6f1d2c3b';
    expect(ids(p.copy)).toEqual(['HUB-DISTRIBUTION-ID']);
  });

  it('requires RC-DE kind and status to mirror the envelope, and an appointment to be a Report', () => {
    const k = broken();
    k.message.kind = 'Update';
    expect(ids(k.copy)).toEqual(['HUB-KIND-MIRROR']);
    const both = broken();
    both.copy.distributionKind = 'Update';
    both.message.kind = 'Update';
    expect(ids(both.copy)).toEqual(['HUB-KIND-REPORT']);
    const s = broken();
    s.message.status = 'System';
    expect(ids(s.copy)).toEqual(['HUB-STATUS-MIRROR']);
    const t = broken();
    t.copy.distributionStatus = 'Test';
    expect(ids(t.copy)).toEqual(['HUB-ENVELOPE']);
  });

  it('requires sender and recipient to match the envelope', () => {
    const s = broken();
    s.message.sender = { name: 'fr.health.test.ptfsas', URI: 'sas:fr.health.test.ptfsas' };
    expect(ids(s.copy)).toEqual(['HUB-SENDER']);
    const r = broken();
    r.message.recipient = [{ name: 'fr.health.samu690', URI: 'hubex:fr.health.samu690' }];
    expect(ids(r.copy)).toEqual(['HUB-RECIPIENT']);
    const two = broken();
    two.message.recipient = [
      { name: 'fr.health.samu330', URI: 'hubex:fr.health.samu330' },
      { name: 'fr.health.samu690', URI: 'hubex:fr.health.samu690' },
    ];
    expect(ids(two.copy)).toEqual(['HUB-RECIPIENT']);
    const none = broken();
    none.message.recipient = [];
    expect(ids(none.copy)).toEqual(['HUB-RCDE']);
  });

  it('refuses an expiry that is not after the sending', () => {
    const b = broken();
    b.copy.dateTimeExpires = b.copy.dateTimeSent;
    expect(ids(b.copy)).toEqual(['HUB-EXPIRES']);
  });

  it('requires exactly one content item', () => {
    const two = broken();
    two.copy.content.push(two.copy.content[0]);
    expect(ids(two.copy)).toEqual(['HUB-CONTENT']);
    const none = broken();
    none.copy.content = [];
    expect(ids(none.copy)).toEqual(['HUB-CONTENT']);
  });

  it('refuses a UUID regulator id, null values and missing required fields, naming each', () => {
    for (const regulatorId of ['0b9a8c7d-6e5f-4a3b-9c2d-1e0f2a3b4c5d', '0B9A8C7D6E5F4A3B9C2D1E0F2A3B4C5D']) {
      const u = broken();
      (u.appointment.regulator as Record<string, unknown>).regulatorId = regulatorId;
      const d = checkRdvEnvelope(u.copy);
      expect(d.map((x) => x.ruleId)).toEqual(['HUB-RDV-REGULATOR-REGULATORID']);
      expect(d[0].diagnostics).toMatch(/regulatorId.*IDNPS/);
    }
    const b = broken();
    b.appointment.end = null;
    delete b.appointment.regulator;
    expect(ids(b.copy)).toEqual(['HUB-RDV-END', 'HUB-RDV-REGULATOR']);
    expect(checkRdvEnvelope(b.copy)[0].diagnostics).toContain('null');
    const missing = checkRdvEnvelope(broken().copy.content[0]);
    expect(missing.length).toBeGreaterThan(5);
    expect(missing.every((x) => x.severity === 'error' && x.family === 'hub-schema')).toBe(true);
  });

  it('says what is wrong in French, field named', () => {
    const b = broken();
    delete b.appointment.start;
    const [d] = checkRdvEnvelope(b.copy);
    expect(d).toMatchObject({ ruleId: 'HUB-RDV-START', expression: `${MESSAGE_PATH}.appointment.start`, params: { field: 'start', rule: 'required' } });
    expect(d.diagnostics).toBe('Le champ « start » est obligatoire dans le rendez-vous (appointment).');
  });

  it('refuses what is not an object, without throwing', () => {
    for (const v of [null, undefined, 'x', 42, []]) {
      const d = checkRdvEnvelope(v);
      expect(d.map((x) => [x.ruleId, x.expression])).toEqual([['HUB-ENVELOPE', '$']]);
    }
  });

  it('answers a valid message by the plain walk exactly as the zod schema does, on every mutation', () => {
    // Every object key removed, every leaf replaced by null, a number, an empty string, an object, and an extra
    // key at every level: the walk (used first, for speed) and the schema (used for the wording) must agree.
    const mutate = (env: unknown): unknown[] => {
      const out: unknown[] = [];
      const walk = (node: unknown, path: (string | number)[]) => {
        const at = (value: unknown, remove = false) => {
          const copy = structuredClone(env) as Record<string | number, unknown>;
          let cursor = copy as Record<string | number, unknown>;
          for (const k of path.slice(0, -1)) cursor = cursor[k] as Record<string | number, unknown>;
          const last = path[path.length - 1];
          if (remove) delete cursor[last];
          else cursor[last] = value;
          out.push(copy);
        };
        if (path.length > 0) {
          for (const v of [null, 42, '', {}, [], undefined]) at(v);
          at(undefined, true);
        }
        if (Array.isArray(node)) {
          node.forEach((v, i) => walk(v, [...path, i]));
        } else if (typeof node === 'object' && node !== null) {
          const extra = structuredClone(env) as Record<string, unknown>;
          let cursor = extra as Record<string | number, unknown>;
          for (const k of path) cursor = cursor[k] as Record<string | number, unknown>;
          cursor.unexpected = 'x';
          out.push(extra);
          for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
        }
      };
      walk(env, []);
      return out;
    };
    const envs = [buildRdvEnvelope(input()), buildRdvEnvelope(input({ practitioner: null, organization: null, endUtc: null, startUtc: SUMMER }))];
    let n = 0;
    for (const env of envs) {
      expect(isValidRdvEnvelope(env)).toBe(true);
      for (const m of mutate(env)) {
        n++;
        const z = rdvEnvelopeSchema.safeParse(m);
        expect(isValidRdvEnvelope(m), `${JSON.stringify(z.error?.issues.map((i) => [i.path.join("."), i.message]))} ${JSON.stringify(m).slice(300, 1400)}`).toBe(z.success);
      }
    }
    expect(n).toBeGreaterThan(300);
  });
});

describe('date-time grammar (mirrors ajv-formats date-time)', () => {
  it('knows calendars, clocks, offsets and leap seconds', () => {
    expect(isRdvInstant('2028-02-29T12:00:00+01:00')).toBe(true);
    expect(isRdvInstant('2026-02-29T12:00:00+01:00')).toBe(false);
    expect(isRdvInstant('2026-12-31T23:59:60+00:00')).toBe(true);
    expect(isRdvInstant('2026-12-31T22:59:60+00:00')).toBe(false);
    expect(isRdvInstant('2026-01-15T09:30:00+24:00')).toBe(false);
    expect(isHubDateTime('2026-01-15T09:30:00.123Z')).toBe(true);
    expect(isHubDateTime('2026-01-15t09:30:00z')).toBe(true);
    expect(isHubDateTime('2026-01-15 09:30:00+0100')).toBe(true);
    expect(isHubDateTime('2026-01-15T09:30:00')).toBe(false);
    expect(isHubDateTime('2026-01-15TT09:30:00Z')).toBe(false);
  });
});
