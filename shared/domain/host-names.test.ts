import { describe, expect, it } from 'vitest';
import { hostNameOf, hostNameOfAddress, isLoopbackHost } from './host-names';

describe('host names', () => {
  it('reads the name of a Host header, without its port', () => {
    expect(hostNameOf('Sas.Example.FR:8443')).toBe('sas.example.fr');
    expect(hostNameOf('[::1]:9000')).toBe('[::1]');
    expect(hostNameOf('127.0.0.1')).toBe('127.0.0.1');
    for (const bad of [undefined, '', 'bad host', 'a:b:c', 'évil.example', 'x.example:99999999']) expect(hostNameOf(bad)).toBeNull();
  });
  it('knows loopback names', () => {
    for (const h of ['localhost', '127.0.0.1', '127.0.0.2', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '10.0.0.1', 'localhost.evil.example', '128.0.0.1']) expect(isLoopbackHost(h)).toBe(false);
  });
  it('writes listen addresses as Host names', () => {
    expect(hostNameOfAddress('0.0.0.0')).toBeNull();
    expect(hostNameOfAddress('::')).toBeNull();
    expect(hostNameOfAddress('fd00::5')).toBe('[fd00::5]');
    expect(hostNameOfAddress('10.1.2.3')).toBe('10.1.2.3');
  });
});
