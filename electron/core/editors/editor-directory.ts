import type { EditorRecord, EditorStore } from './editor-store';

/** The identity a client certificate presents, as the gateway reads it from the TLS connection. */
export interface PresentedCertificate {
  fingerprint256: string;
  subject: string;
  issuer: string;
}

/** Who a gateway request comes from. `owner` is the key appointments are owned by. */
export type Caller =
  | { kind: 'editor'; editorId: string; name: string; owner: string; via: 'certificate' | 'pin' | 'system' }
  | { kind: 'unregistered'; owner: string; certificate: PresentedCertificate }
  | { kind: 'anonymous'; owner: 'anonymous' };

export type EditorCaller = Extract<Caller, { kind: 'editor' }>;

/** Labels shown for callers that are no registered editor (editor names may not take them). */
export const UNREGISTERED_LABEL = 'non enregistré';
export const ANONYMOUS_LABEL = 'non identifié';

export function callerLabel(c: Caller): string {
  return c.kind === 'editor' ? c.name : c.kind === 'unregistered' ? UNREGISTERED_LABEL : ANONYMOUS_LABEL;
}

export const editorOwner = (editorId: string) => `editor:${editorId}`;
export const certificateOwner = (fingerprint256: string) => `cert:${fingerprint256}`;

/**
 * The gateway's view of the editors registry: who a certificate or an identifier system belongs to, in
 * maps rebuilt whenever the registry changes (the gateway asks on every request).
 */
export class EditorDirectory {
  private byFingerprint = new Map<string, EditorRecord>();
  private byPin = new Map<string, EditorRecord>();
  private bySystem = new Map<string, EditorRecord>();
  private readonly unsubscribe: () => void;

  constructor(private readonly editors: EditorStore) {
    this.reload();
    this.unsubscribe = editors.onChange(() => this.reload());
  }

  reload(): void {
    const byFingerprint = new Map<string, EditorRecord>();
    const byPin = new Map<string, EditorRecord>();
    const bySystem = new Map<string, EditorRecord>();
    for (const e of this.editors.list()) {
      for (const c of e.inboundCertificates) byFingerprint.set(c.fingerprint256, e);
      for (const p of e.inboundPins) byPin.set(pinKey(p.issuer, p.subject), e);
      for (const s of e.identifierSystems) bySystem.set(s, e);
    }
    this.byFingerprint = byFingerprint;
    this.byPin = byPin;
    this.bySystem = bySystem;
  }

  /** The registered editor a certificate belongs to: by fingerprint first, then by issuer + subject pin. */
  fromCertificate(c: PresentedCertificate): EditorCaller | null {
    const byFingerprint = this.byFingerprint.get(c.fingerprint256);
    if (byFingerprint) return { kind: 'editor', editorId: byFingerprint.id, name: byFingerprint.name, owner: editorOwner(byFingerprint.id), via: 'certificate' };
    const byPin = this.byPin.get(pinKey(c.issuer, c.subject));
    if (byPin) return { kind: 'editor', editorId: byPin.id, name: byPin.name, owner: editorOwner(byPin.id), via: 'pin' };
    return null;
  }

  /** The editor that declared an identifier system, if any. */
  fromSystem(system: string): EditorCaller | null {
    const e = this.bySystem.get(system);
    return e ? { kind: 'editor', editorId: e.id, name: e.name, owner: editorOwner(e.id), via: 'system' } : null;
  }

  close(): void {
    this.unsubscribe();
  }
}

/**
 * Distinguished names compare on their RFC 4514 form. Operators may type a space after a separator (`CN=x, O=y`);
 * that space is dropped, nothing else: a space inside a value, or an escaped one, is part of the name.
 */
export function normaliseDn(dn: string): string {
  return dn.trim().replace(/(?<!\\)([,+])[ ]+/g, '$1');
}

/** The one key by which a pin is stored, compared and looked up. */
export function pinKey(issuer: string, subject: string): string {
  return `${normaliseDn(issuer)}\u0000${normaliseDn(subject)}`;
}
