// Desktop host: the Electron window around the same core. Only this folder imports `electron`.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { EVENTS_CHANNEL } from '../../shared/api/events';
import { CONTENT_SECURITY_POLICY } from '../core/api/csp';
import { startCore } from '../core/core';
import { osVault } from '../core/editors/secret-vault';
import { createExternalLinkOpener } from './external-links';
import { APP_ORIGIN, isAppUrl, registerConsoleIpc } from './ipc';
import { isSealingSecure } from './os-secret-store';
import { holdQuitUntilClosed } from './quit-guard';
import { claimSingleInstance } from './single-instance';

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const rendererDir = path.join(__dirname, '../renderer');
const APP_TITLE = 'Console opérateur SAS';

let mainWindow: BrowserWindow | null = null;

async function createWindow(): Promise<void> {
  // Editors' private keys and passphrases are sealed by the OS (Keychain, DPAPI, libsecret/KWallet), never kept
  // in clear, nor under Linux's fixed-password fallback. Asked at each seal: the keyring can come and go.
  const vault = osVault({
    available: () =>
      isSealingSecure({
        platform: process.platform,
        available: safeStorage.isEncryptionAvailable(),
        backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
      }),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  });
  const core = await startCore({ dataDir: path.join(app.getPath('userData'), 'data'), host: 'desktop', vault });
  holdQuitUntilClosed(app, () => core.close(), { onProblem: (message) => console.error(message) });

  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = path.resolve(rendererDir, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).slice(1));
    if (url.host !== 'console' || !file.startsWith(rendererDir + path.sep)) return new Response('Interdit', { status: 403 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    return new Response(res.body, { status: res.status, headers });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, done) => done(false));

  registerConsoleIpc(ipcMain, core.handlers, {
    'exports.saveAs': async ({ jobId }) => {
      const file = core.exports.filePath(jobId);
      if (!file) throw new Error('Export introuvable ou pas encore terminé.');
      const target = await dialog.showSaveDialog({ defaultPath: file.fileName });
      if (!target.canceled && target.filePath) fs.copyFileSync(file.path, target.filePath);
      return !target.canceled;
    },
    'files.saveText': async ({ fileName, text }) => {
      const target = await dialog.showSaveDialog({ defaultPath: fileName });
      if (!target.canceled && target.filePath) fs.writeFileSync(target.filePath, text);
      return !target.canceled;
    },
  });

  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: APP_TITLE,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  mainWindow = win;
  // The core's event stream, pushed to the page: the renderer refreshes what changed instead of polling.
  const stopEvents = core.events.subscribe((event) => {
    if (!win.isDestroyed()) win.webContents.send(EVENTS_CHANNEL, event);
  });
  win.on('closed', () => {
    stopEvents();
    mainWindow = null;
  });
  // Navigation stays inside the app; new windows never open; http(s) links go to the system browser once the
  // operator has confirmed them in a native dialog.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  const openExternalLink = createExternalLinkOpener({
    confirm: (options) => dialog.showMessageBox(win, options),
    openExternal: (url) => shell.openExternal(url),
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternalLink(url).catch((e: unknown) => dialog.showErrorBox(APP_TITLE, `Ouverture du lien impossible : ${(e as Error).message}`));
    return { action: 'deny' };
  });
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

// A second launch only brings the running console forward: it must not open the same database.
if (claimSingleInstance(app, () => mainWindow)) {
  app.whenReady().then(createWindow).catch((e: unknown) => {
    dialog.showErrorBox(APP_TITLE, `Démarrage impossible : ${(e as Error).message}`);
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
}
