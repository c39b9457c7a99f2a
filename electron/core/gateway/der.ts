// A minimal DER reader: just enough to walk certificates and CRLs (names, validity, signatures),
// which Node's X509Certificate does not expose in structured form and does not parse at all for CRLs.

export interface DerNode {
  /** The identifier octet (class, constructed bit and tag number below 31). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the contents. */
  contentStart: number;
  /** Offset just past the contents. */
  end: number;
}

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OID: 0x06,
  SEQUENCE: 0x30,
  SET: 0x31,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
} as const;

function invalid(what: string): Error {
  return new Error(`structure DER invalide (${what})`);
}

export function readNode(buf: Buffer, offset: number, limit = buf.length): DerNode {
  if (offset + 2 > limit) throw invalid('élément tronqué');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw invalid('numéro de balise long');
  let length = buf[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    // Definite lengths only (DER); four octets are far beyond any certificate.
    if (octets === 0 || octets > 4 || contentStart + octets > limit) throw invalid('longueur');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + buf[contentStart + i];
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > limit) throw invalid('longueur au-delà de la fin');
  return { tag, start: offset, contentStart, end };
}

export function children(buf: Buffer, node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let at = node.contentStart; at < node.end; ) {
    const child = readNode(buf, at, node.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) throw invalid(what);
  return node;
}

export function bytes(buf: Buffer, node: DerNode): Buffer {
  return buf.subarray(node.start, node.end);
}

export function contents(buf: Buffer, node: DerNode): Buffer {
  return buf.subarray(node.contentStart, node.end);
}

export function oid(buf: Buffer, node: DerNode): string {
  const c = contents(buf, expectTag(node, TAG.OID, 'OID attendu'));
  if (c.length === 0) throw invalid('OID vide');
  const arcs: number[] = [];
  let value = 0;
  for (const byte of c) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  const first = arcs.shift()!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs].join('.');
}

/** UTCTime or GeneralizedTime (DER forms, always in Z) as a Date. */
export function time(buf: Buffer, node: DerNode): Date {
  const s = contents(buf, node).toString('latin1');
  const m =
    node.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
      : node.tag === TAG.GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
        : null;
  if (!m) throw invalid('date');
  let year = Number(m[1]);
  if (node.tag === TAG.UTC_TIME) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}
