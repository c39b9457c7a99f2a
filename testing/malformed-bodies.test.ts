import { describe, expect, it } from 'vitest';
import { MAX_APPOINTMENT_BODY_BYTES } from '../shared/fhir/ig';
import { cptsAppointment, psAppointment, sosAppointment } from './fixtures';
import { malformedBodies, wouldBeStored } from './malformed-bodies';

const bytesOf = (b: Uint8Array | string) => (typeof b === 'string' ? new TextEncoder().encode(b) : b);

describe('malformedBodies', () => {
  it('gives the same bodies for the same seed, others for another seed', () => {
    const a = malformedBodies(300, 42);
    const b = malformedBodies(300, 42);
    expect(b.map((x) => x.name)).toEqual(a.map((x) => x.name));
    expect(b.map((x) => x.contentType)).toEqual(a.map((x) => x.contentType));
    b.forEach((x, i) => expect(Buffer.from(bytesOf(x.body)).equals(Buffer.from(bytesOf(a[i].body))), x.name).toBe(true));
    expect(malformedBodies(300, 43).map((x) => x.name)).not.toEqual(a.map((x) => x.name));
    // A body depends on its seed and rank only: asking for fewer gives the same first ones.
    expect(malformedBodies(50, 42).map((x) => x.name)).toEqual(a.slice(0, 50).map((x) => x.name));
  });

  it('judges our valid fixtures storable, so that its refusals mean something', () => {
    for (const a of [psAppointment(), cptsAppointment(), sosAppointment()]) expect(wouldBeStored(JSON.stringify(a))).toBe(true);
  });

  it('yields no storable appointment, every kind of mutation, all under the 1 MiB limit', () => {
    const bodies = malformedBodies(2_000, 7);
    const kinds = new Set(bodies.map((b) => b.name.split(' ')[1].split(/[:@]/)[0]));
    expect([...kinds].sort()).toEqual(
      [
        'deep-nesting', 'duplicate-key', 'flip-bits', 'huge-number', 'invalid-utf8', 'lone-surrogate', 'not-json', 'nul-or-control', 'prototype-key',
        'remove-field', 'resource-type', 'structural-char', 'top-level', 'truncate', 'unknown-field', 'wrong-type', 'enormous-string',
      ].sort(),
    );
    for (const b of bodies) {
      expect(wouldBeStored(b.body), b.name).toBe(false);
      expect(bytesOf(b.body).length, b.name).toBeLessThan(MAX_APPOINTMENT_BODY_BYTES);
    }
  });
});
