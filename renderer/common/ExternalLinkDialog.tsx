import { Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Link } from '@mui/material';
import { alpha } from '@mui/material/styles';
import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type ExternalTarget, isAllowedExternalUrl } from '../../shared/links/external-url';

type OpenWindow = (url: string, target: string, features: string) => unknown;

/** Opens a confirmed target in a new browsing context that cannot reach back into the console. */
export function openExternalTarget(target: ExternalTarget, open: OpenWindow = (...args) => window.open(...args)): boolean {
  if (!isAllowedExternalUrl(target.href)) return false;
  open(target.href, '_blank', 'noopener,noreferrer');
  return true;
}

/** The whole address, host standing out: the part an operator must recognise before leaving the console. */
export function ExternalLinkConfirmation({ target }: { target: ExternalTarget }) {
  const { t } = useTranslation();
  return (
    <>
      <DialogContentText>{t('externalLink.body', { url: target.href, host: target.host })}</DialogContentText>
      <Box data-testid="external-link-url" sx={{ mt: 2, p: 1.5, bgcolor: 'action.hover', borderRadius: 1, fontFamily: 'monospace', fontSize: 13, wordBreak: 'break-all' }}>
        {target.beforeHost}
        <Box component="strong" sx={{ bgcolor: (theme) => alpha(theme.palette.warning.main, 0.25), color: 'text.primary', px: 0.5, borderRadius: 0.5 }}>{target.host}</Box>
        {target.afterHost}
      </Box>
    </>
  );
}

/** Asks before a link leaves the console; Cancel has the focus, so Enter or Escape keeps the operator here. */
export function ExternalLinkDialog({ target, onClose }: { target: ExternalTarget; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="external-link-title">
      <DialogTitle id="external-link-title">{t('externalLink.title')}</DialogTitle>
      <DialogContent>
        <ExternalLinkConfirmation target={target} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus>{t('externalLink.cancel')}</Button>
        <Button
          variant="contained"
          color="warning"
          onClick={() => {
            openExternalTarget(target);
            onClose();
          }}
        >
          {t('externalLink.open')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * A real link (its address shows on hover, assistive tools announce a link) whose clicks, middle-clicks and
 * modified clicks all ask first instead of navigating.
 */
export function ConfirmedExternalLink({ target, onRequest, children }: { target: ExternalTarget; onRequest(target: ExternalTarget): void; children: ReactNode }) {
  const ask = (e: MouseEvent) => {
    e.preventDefault();
    // In the desktop window the main process asks with a native dialog the page cannot draw or skip: asking here
    // too would make the operator confirm twice.
    if (window.sasConsole) openExternalTarget(target);
    else onRequest(target);
  };
  return (
    <Link href={target.href} target="_blank" rel="noopener noreferrer" onClick={ask} onAuxClick={(e) => e.button === 1 && ask(e)}>
      {children}
    </Link>
  );
}
