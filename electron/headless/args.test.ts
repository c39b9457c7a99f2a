import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';

describe('headless command line', () => {
  it('serves the console on loopback by default', () => {
    const a = parseArgs(['--data-dir', 'd']);
    expect(a.console).toEqual({ host: '127.0.0.1', port: 0 });
    expect(a.consoleRemote).toBeNull();
  });

  it('refuses a non-loopback console address without the explicit option and TLS', () => {
    expect(() => parseArgs(['--data-dir', 'd', '--console-listen', '0.0.0.0:8081'])).toThrow(/--console-allow-remote/);
    expect(() => parseArgs(['--data-dir', 'd', '--console-listen', '0.0.0.0:8081', '--console-allow-remote'])).toThrow(/--console-tls-cert/);
    expect(() => parseArgs(['--data-dir', 'd', '--console-listen', '10.1.2.3:8081', '--console-allow-remote', '--console-tls-cert', 'c', '--console-tls-key', 'k'])).toThrow(/--console-name/);
  });

  it('accepts it with the option, a certificate, a key and the names it is reached by', () => {
    const a = parseArgs(['--data-dir', 'd', '--console-listen', '0.0.0.0:8081', '--console-allow-remote', '--console-tls-cert', 'c.pem',
      '--console-tls-key', 'k.pem', '--console-name', 'Console.SAS.local,console2.sas.local']);
    expect(a.console).toEqual({ host: '0.0.0.0', port: 8081 });
    expect(a.consoleRemote).toEqual({ certFile: 'c.pem', keyFile: 'k.pem', names: ['console.sas.local', 'console2.sas.local'] });
  });

  it('accepts IPv6 loopback and keeps the mTLS options together', () => {
    expect(parseArgs(['--data-dir', 'd', '--console-listen', '[::1]:9000']).console).toEqual({ host: '::1', port: 9000 });
    expect(() => parseArgs(['--data-dir', 'd', '--tls-cert', 'a'])).toThrow(/vont ensemble/);
  });

  it('reads a log package with --review alone: no data folder, no gateway options', () => {
    expect(parseArgs(['--review', 'journaux.sqlite'])).toMatchObject({ review: 'journaux.sqlite', dataDir: null });
    expect(() => parseArgs(['--review', 'j.sqlite', '--data-dir', 'd'])).toThrow(/retirez --data-dir/);
    expect(() => parseArgs(['--review', 'j.sqlite', '--fhir-listen', '127.0.0.1:8443'])).toThrow(/--fhir-listen/);
    expect(() => parseArgs([])).toThrow(/--review FICHIER/);
  });
});
