// Links leaving the app: the same gate as the renderer's, then a native confirmation the page cannot draw or
// skip (a compromised or editor-influenced page can call window.open, not click this dialog).
import type { MessageBoxOptions } from 'electron';
import { externalTarget, isAllowedExternalUrl } from '../../shared/links/external-url';

export { isAllowedExternalUrl };

export const OPEN_IN_BROWSER = 'Ouvrir dans le navigateur';
export const CANCEL = 'Annuler';
const OPEN_INDEX = 0;
const CANCEL_INDEX = 1;

/** The host goes in the message, the line every OS sets in bold; the full address in the detail below it. */
export function externalLinkPrompt(target: { href: string; host: string }): MessageBoxOptions {
  return {
    type: 'warning',
    title: 'Lien externe',
    message: `Ouvrir le site « ${target.host} » dans le navigateur ?`,
    detail: `Ce lien quitte la console opérateur SAS. Vérifiez que ce site est bien celui que vous attendez.\n\nAdresse complète :\n${target.href}`,
    buttons: [OPEN_IN_BROWSER, CANCEL],
    defaultId: CANCEL_INDEX,
    cancelId: CANCEL_INDEX,
    noLink: true,
  };
}

export interface ExternalLinkDeps {
  confirm(options: MessageBoxOptions): Promise<{ response: number }>;
  openExternal(url: string): Promise<void>;
}

/** Resolves true when the link was opened. One question at a time: a page looping on window.open gets one dialog. */
export function createExternalLinkOpener(deps: ExternalLinkDeps): (raw: string) => Promise<boolean> {
  let asking = false;
  return async (raw) => {
    const target = externalTarget(raw);
    if (!target || asking) return false;
    asking = true;
    try {
      const { response } = await deps.confirm(externalLinkPrompt(target));
      if (response !== OPEN_INDEX) return false;
      await deps.openExternal(target.href);
      return true;
    } finally {
      asking = false;
    }
  };
}
