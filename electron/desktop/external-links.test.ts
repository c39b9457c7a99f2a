import type { MessageBoxOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CANCEL, createExternalLinkOpener, isAllowedExternalUrl, OPEN_IN_BROWSER } from './external-links';

describe('external link gate', () => {
  it('lets only http(s) URLs out, parsed rather than matched as text', () => {
    expect(isAllowedExternalUrl('https://interop.esante.gouv.fr/ig/fhir/sas')).toBe(true);
    expect(isAllowedExternalUrl('http://editeur.example/agenda?origin=sas')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'app://console/x', 'https://user:pw@x.example', 'notaurl', 'smb://host/share']) {
      expect(isAllowedExternalUrl(bad)).toBe(false);
    }
  });
});

function opener(answer: number) {
  const asked: MessageBoxOptions[] = [];
  const opened: string[] = [];
  const open = createExternalLinkOpener({
    confirm: async (options) => {
      asked.push(options);
      return { response: answer };
    },
    openExternal: async (url) => void opened.push(url),
  });
  return { open, asked, opened };
}

describe('external link confirmation (native dialog)', () => {
  const booking = 'https://agenda.editeur.example/rdv/81001?creneau=3&origin=sas';

  it('asks before opening, host in the message, full address in the detail, cancel by default', async () => {
    const { open, asked, opened } = opener(0);
    expect(await open(booking)).toBe(true);
    expect(asked).toHaveLength(1);
    const prompt = asked[0];
    expect(prompt.message).toContain('« agenda.editeur.example »');
    expect(prompt.detail).toContain(booking);
    expect(prompt.buttons).toEqual([OPEN_IN_BROWSER, CANCEL]);
    expect(prompt.defaultId).toBe(1);
    expect(prompt.cancelId).toBe(1);
    expect(opened).toEqual([booking]);
  });

  it('opens nothing when the operator cancels', async () => {
    const { open, opened } = opener(1);
    expect(await open(booking)).toBe(false);
    expect(opened).toEqual([]);
  });

  it('never asks about a link the gate refuses', async () => {
    const { open, asked, opened } = opener(0);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@x.example']) expect(await open(bad)).toBe(false);
    expect(asked).toEqual([]);
    expect(opened).toEqual([]);
  });

  it('opens the address it showed, as parsed, not the raw text', async () => {
    const { open, asked, opened } = opener(0);
    await open('HTTPS://Agenda.Editeur.example/rdv?x=1');
    expect(asked[0].detail).toContain('https://agenda.editeur.example/rdv?x=1');
    expect(opened).toEqual(['https://agenda.editeur.example/rdv?x=1']);
  });

  it('shows one dialog at a time, however often the page calls window.open', async () => {
    let answer!: (r: { response: number }) => void;
    const confirm = vi.fn(() => new Promise<{ response: number }>((resolve) => (answer = resolve)));
    const openExternal = vi.fn(async () => {});
    const open = createExternalLinkOpener({ confirm, openExternal });
    const first = open(booking);
    expect(await open(booking)).toBe(false);
    expect(confirm).toHaveBeenCalledTimes(1);
    answer({ response: 0 });
    expect(await first).toBe(true);
    expect(openExternal).toHaveBeenCalledTimes(1);
  });
});
