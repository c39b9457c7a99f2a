import { describe, expect, it } from 'vitest';
import type { HubConnectionView } from '../../shared/api/hub-api';
import { connectionInput, formFromView, keepsSecrets } from './hub-connection-form';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

const saved: HubConnectionView = {
  enabled: true,
  url: 'amqps://hub.esante.gouv.fr:5671/hubsante',
  clientId: 'fr.health.ptfsas',
  identity: { kind: 'pkcs12', certificate: null, pfxStore: 'os', pfxFile: null, passphrase: 'os' },
  caPem: null,
  verifyHostName: true,
  unconfirmedAfterMinutes: 20,
  expiresAfterHours: 12,
  updatedUtc: 1,
};

describe('Hub connection form', () => {
  it('starts a new connection on the test client id, host names checked, 24 h expiry', () => {
    const f = formFromView(null);
    expect(f).toMatchObject({ enabled: false, clientId: 'fr.health.test.ptfsas', identityKind: 'none', verifyHostName: true, expiresAfterHours: '24' });
  });

  it('keeps the secrets the console holds when the fields are left empty', () => {
    const f = formFromView(saved);
    expect(keepsSecrets(f, saved)).toBe(true);
    const { input, errors } = connectionInput(f, saved);
    expect(errors).toEqual([]);
    expect(input).toEqual({
      enabled: true,
      url: 'amqps://hub.esante.gouv.fr:5671/hubsante',
      clientId: 'fr.health.ptfsas',
      identity: { kind: 'pkcs12', pfx: { keep: true }, passphrase: { keep: true } },
      caPem: null,
      verifyHostName: true,
      unconfirmedAfterMinutes: 20,
      expiresAfterHours: 12,
    });
  });

  it('sends an uploaded PKCS#12 file and no passphrase when none is held', () => {
    const view = { ...saved, identity: { ...saved.identity!, passphrase: null } } as HubConnectionView;
    const f = { ...formFromView(view), pfxUpload: { name: 'ptfsas.p12', base64: 'MIIK' } };
    expect(connectionInput(f, view).input?.identity).toEqual({ kind: 'pkcs12', pfx: { base64: 'MIIK' }, passphrase: null });
  });

  it('asks for the certificate and the key of a new PEM identity', () => {
    const f = { ...formFromView(saved), identityKind: 'pem' as const };
    expect(keepsSecrets(f, saved)).toBe(false);
    expect(connectionInput(f, saved).errors).toEqual(['certPem', 'key']);
    const ok = connectionInput({ ...f, certPem: PEM, keyFile: ' /etc/sas/hub.key ' }, saved);
    expect(ok.errors).toEqual([]);
    expect(ok.input?.identity).toEqual({ kind: 'pem', certPem: PEM, key: { file: '/etc/sas/hub.key' } });
  });

  it('marks each wrong field', () => {
    const f = { ...formFromView(null), url: 'https://hub/x', clientId: 'ptfsas', caPem: 'pas un certificat', unconfirmedAfterMinutes: '0', expiresAfterHours: '36' };
    expect(connectionInput(f, null).errors).toEqual(['url', 'clientId', 'caPem', 'unconfirmedAfterMinutes', 'expiresAfterHours']);
    expect(connectionInput({ ...formFromView(null), url: 'amqps://hub:5671/hubsante', expiresAfterHours: '2,5' }, null).errors).toEqual(['expiresAfterHours']);
  });
});
