// `npm start`: opens the desktop console, or explains in one line why it cannot and what to use instead.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary = null;
// Since Electron 45 the binary is fetched on first use rather than at install: where installs skip it
// (ELECTRON_SKIP_BINARY_DOWNLOAD, as on machines without access to Electron's downloads), do not try.
const skipDownload = /^(1|true)$/i.test(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? '');
const installed = fs.existsSync(new URL('../node_modules/electron/path.txt', import.meta.url));
if (installed || !skipDownload) {
  try {
    binary = require('electron');
  } catch {
    binary = null;
  }
}
if (typeof binary !== 'string' || !fs.existsSync(binary)) {
  console.error(
    "Électron n'est pas installé sur ce poste (binaire absent) : lancez la console sans fenêtre avec « npm run headless -- --data-dir ./donnees » et ouvrez l'adresse affichée dans un navigateur.",
  );
  process.exit(1);
}
const child = spawn(binary, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
