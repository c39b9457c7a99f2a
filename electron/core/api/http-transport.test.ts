import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psAppointment, sosAppointment } from '../../../testing/fixtures';
import { createTestPki } from '../../../testing/pki';
import { startTestCore, type TestCore } from '../../../testing/test-core';
import { type ConsoleServer, startConsoleServer } from './http-transport';

let t: TestCore;
let server: ConsoleServer;
const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-renderer-'));

beforeAll(async () => {
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  t = await startTestCore();
  server = await startConsoleServer(t.core, '127.0.0.1', 0, rendererDir);
  for (const a of [psAppointment(), psAppointment({ status: 'cancelled' }), sosAppointment()]) {
    await fetch(`${t.fhir}/Appointment`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(a) });
  }
});
afterAll(async () => {
  await server.close();
  await t.stop();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

const call = (op: string, input: unknown, token: string | null = server.token) =>
  fetch(`${server.url}api/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { 'x-console-token': token }) },
    body: JSON.stringify(input),
  });

describe('console API over loopback HTTP', () => {
  it('rejects calls without the per-start token, or with a wrong one', async () => {
    expect((await call('system.info', {}, null)).status).toBe(401);
    expect((await call('system.info', {}, 'x'.repeat(server.token.length))).status).toBe(401);
    expect((await call('system.info', {})).status).toBe(200);
  });

  it('serves the UI with a strict CSP and refuses path traversal', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${server.url}..%2f..%2fetc%2fpasswd`)).status).not.toBe(200);
  });

  it('parses arguments with the contract schema before any handler runs', async () => {
    const bad = await call('appointments.list', { filter: {}, sort: { field: 'nope', dir: 'asc' }, offset: 0, limit: 10 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid-input');
    expect((await call('no.such.op', {})).status).toBe(404);
  });

  it('lists, counts and filters appointments', async () => {
    const list = await (await call('appointments.list', { filter: { status: ['cancelled'] }, sort: { field: 'start', dir: 'asc' }, offset: 0, limit: 100 })).json();
    expect(list.result).toHaveLength(1);
    expect(list.result[0].status).toBe('cancelled');
    const count = await (await call('appointments.count', { filter: { category: ['SOS'] } })).json();
    expect(count.result).toBe(1);
    const text = await (await call('appointments.count', { filter: { text: '10012345678' } })).json();
    expect(text.result).toBe(2); // bare RPPS finds both PS appointments by their prefixed practitioner id
  });

  it('reports the gateway address in system.info', async () => {
    const info = (await (await call('system.info', {})).json()).result;
    expect(info.gateway).toMatchObject({ listening: true, url: t.fhir, mtls: false });
  });

  it('refuses a foreign Host (DNS rebinding) on the UI and the API, even with the token', async () => {
    const u = new URL(server.url);
    const send = (headers: Record<string, string>, path = '/api/system.info') =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: u.hostname, port: u.port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, setHost: false, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{}');
      });
    expect(await send({ host: 'evil.example', 'x-console-token': server.token })).toBe(421);
    expect(await send({ host: `evil.example:${u.port}`, 'x-console-token': server.token })).toBe(421);
    expect(await send({ host: `localhost.evil.example:${u.port}`, 'x-console-token': server.token })).toBe(421);
    expect(await send({ host: `localhost:${u.port}`, 'x-console-token': server.token })).toBe(200);
    expect(await send({ host: u.host, 'x-console-token': server.token })).toBe(200);
    // Through a tunnel on another local port, or by another loopback address: still this machine.
    expect(await send({ host: `127.0.0.2:${Number(u.port) + 1}`, 'x-console-token': server.token })).toBe(200);
  });

  it('refuses API calls from another origin', async () => {
    const headers = { 'content-type': 'application/json', 'x-console-token': server.token };
    const evil = await fetch(`${server.url}api/system.info`, { method: 'POST', headers: { ...headers, origin: 'http://evil.example' }, body: '{}' });
    expect(evil.status).toBe(403);
    const crossSite = await fetch(`${server.url}api/system.info`, { method: 'POST', headers: { ...headers, 'sec-fetch-site': 'cross-site' }, body: '{}' });
    expect(crossSite.status).toBe(403);
    const own = await fetch(`${server.url}api/system.info`, { method: 'POST', headers: { ...headers, origin: server.url.replace(/\/$/, '') }, body: '{}' });
    expect(own.status).toBe(200);
  });

  it('served beyond loopback (explicit option): HTTPS only, and only under the names it was given', async () => {
    const pki = createTestPki();
    const remote = await startConsoleServer(t.core, '127.0.0.1', 0, rendererDir, { certFile: pki.serverCert, keyFile: pki.serverKey, names: ['localhost'] });
    try {
      expect(remote.url).toMatch(/^https:\/\/localhost:\d+\/$/);
      const get = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const u = new URL(remote.url);
          const req = https.request({ host: '127.0.0.1', port: u.port, path: '/', headers: { host }, ca: fs.readFileSync(pki.caCert), servername: 'localhost', agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      expect(await get(`localhost:${new URL(remote.url).port}`)).toBe(200);
      expect(await get('evil.example')).toBe(421);
      // Plain HTTP on that port gets no console.
      await expect(fetch(remote.url.replace('https:', 'http:'))).rejects.toThrow();
    } finally {
      await remote.close();
      fs.rmSync(pki.dir, { recursive: true, force: true });
    }
  });
});

describe('core events over server-sent events', () => {
  it('refuses the stream without the token', async () => {
    expect((await fetch(`${server.url}api/events`)).status).toBe(401);
  });

  it('pushes what changed when an editor writes an appointment, and what a command touched', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}api/events`, { headers: { 'x-console-token': server.token }, signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const events: { seq: number; topics: string[]; refs: { topic: string; id: string }[] }[] = [];
    const next = async (want: (e: (typeof events)[number]) => boolean) => {
      for (;;) {
        const found = events.find(want);
        if (found) return found;
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, cut);
          text = text.slice(cut + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data && /^id: /m.test(block)) events.push(JSON.parse(data));
        }
      }
    };
    const posted = await fetch(`${t.fhir}/Appointment`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(psAppointment()) });
    const id = ((await posted.json()) as { id: string }).id;
    const written = await next((e) => e.topics.includes('appointments'));
    expect(written.topics).toContain('journal');
    expect(written.refs).toContainEqual({ topic: 'appointments', id });
    await call('settings.update', { language: 'en' });
    const updated = await next((e) => e.topics.includes('settings'));
    expect(updated.topics).toEqual(expect.arrayContaining(['settings', 'system', 'audit']));
    expect(updated.seq).toBeGreaterThan(written.seq);
    controller.abort();
  });
});
