import { Alert, Box, Button, Chip, IconButton, Paper, Stack, TextField, Typography } from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditorInput, EditorView, InboundCertificate, InboundPin } from '../../shared/api/editor-types';

/** The inbound identity being edited: known certificates, newly pasted ones, pins and identifier systems. */
export interface InboundDraft {
  certificates: (InboundCertificate | { pasted: string })[];
  pins: InboundPin[];
  systems: string;
}

export function initialInbound(editor: EditorView | null): InboundDraft {
  return {
    certificates: editor?.inboundCertificates ?? [],
    pins: editor?.inboundPins ?? [],
    systems: (editor?.identifierSystems ?? []).join('\n'),
  };
}

/** Known certificates are sent back by fingerprint (the console keeps their details); pasted ones as PEM or fingerprint. */
export function inboundInput(d: InboundDraft): Pick<EditorInput, 'inboundCertificates' | 'inboundPins' | 'identifierSystems'> {
  return {
    inboundCertificates: d.certificates.map((c) =>
      'pasted' in c ? (c.pasted.includes('-----BEGIN CERTIFICATE-----') ? { pem: c.pasted } : { fingerprint256: c.pasted }) : { fingerprint256: c.fingerprint256 },
    ),
    inboundPins: d.pins,
    identifierSystems: d.systems.split('\n').map((l) => l.trim()).filter(Boolean),
  };
}

export function InboundIdentityFields({ value, onChange }: { value: InboundDraft; onChange(v: InboundDraft): void }) {
  const { t } = useTranslation();
  const [pasted, setPasted] = useState('');
  const [pin, setPin] = useState<InboundPin>({ issuer: '', subject: '' });
  const none = value.certificates.length === 0 && value.pins.length === 0;
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="inbound-identity">
      <Typography variant="subtitle2">{t('editors.inbound')}</Typography>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>{t('editors.inboundHelp')}</Typography>
      <Typography variant="body2" fontWeight={600}>{t('editors.inboundCertificates')}</Typography>
      <Stack spacing={0.5} sx={{ my: 0.5 }}>
        {value.certificates.map((c, i) => (
          <Stack key={i} direction="row" spacing={1} alignItems="center" data-testid="inbound-certificate">
            <Box sx={{ flex: 1, minWidth: 0 }}>
              {'pasted' in c ? (
                <Typography variant="caption" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{c.pasted.slice(0, 80)}…</Typography>
              ) : (
                <>
                  <Typography variant="caption" component="div" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>SHA-256 {c.fingerprint256}</Typography>
                  <Typography variant="caption" component="div">
                    {c.subject ? t('editors.certificate', { subject: c.subject, issuer: c.issuer, validTo: c.validTo?.slice(0, 10) }) : t('editors.fingerprintOnly')}
                  </Typography>
                  {c.state === 'expiring' && <Chip size="small" color="warning" label={t('editors.expiring', { days: '<30' })} />}
                  {c.state === 'expired' && <Chip size="small" color="error" label={t('editors.expired')} />}
                </>
              )}
            </Box>
            {!('pasted' in c) && c.subject && c.issuer && (
              <Button size="small" onClick={() => onChange({ ...value, pins: [...value.pins, { issuer: c.issuer!, subject: c.subject! }] })}>{t('editors.inboundPin')}</Button>
            )}
            <IconButton size="small" aria-label={t('editors.remove')} onClick={() => onChange({ ...value, certificates: value.certificates.filter((_, j) => j !== i) })}>
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Stack>
        ))}
      </Stack>
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <TextField size="small" fullWidth multiline minRows={1} label={t('editors.inboundAddPem')} value={pasted} onChange={(e) => setPasted(e.target.value)}
          inputProps={{ 'data-testid': 'inbound-paste' }} />
        <Button data-testid="inbound-add-certificate" onClick={() => { if (pasted.trim()) { onChange({ ...value, certificates: [...value.certificates, { pasted: pasted.trim() }] }); setPasted(''); } }}>
          {t('editors.inboundAdd')}
        </Button>
      </Stack>
      <Typography variant="body2" fontWeight={600} sx={{ mt: 1 }}>{t('editors.inboundPins')}</Typography>
      {value.pins.map((p, i) => (
        <Stack key={i} direction="row" spacing={1} alignItems="center">
          <Typography variant="caption" sx={{ flex: 1, fontFamily: 'monospace', wordBreak: 'break-all' }}>{p.issuer} → {p.subject}</Typography>
          <IconButton size="small" aria-label={t('editors.remove')} onClick={() => onChange({ ...value, pins: value.pins.filter((_, j) => j !== i) })}>
            <DeleteIcon fontSize="small" />
          </IconButton>
        </Stack>
      ))}
      <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
        <TextField size="small" label={t('editors.pinIssuer')} value={pin.issuer} onChange={(e) => setPin({ ...pin, issuer: e.target.value })} sx={{ flex: 1 }} />
        <TextField size="small" label={t('editors.pinSubject')} value={pin.subject} onChange={(e) => setPin({ ...pin, subject: e.target.value })} sx={{ flex: 1 }} />
        <Button onClick={() => { if (pin.issuer.trim() && pin.subject.trim()) { onChange({ ...value, pins: [...value.pins, { issuer: pin.issuer.trim(), subject: pin.subject.trim() }] }); setPin({ issuer: '', subject: '' }); } }}>
          {t('editors.inboundAdd')}
        </Button>
      </Stack>
      <TextField size="small" fullWidth multiline minRows={1} sx={{ mt: 1.5 }} label={t('editors.identifierSystems')} value={value.systems}
        onChange={(e) => onChange({ ...value, systems: e.target.value })} inputProps={{ 'data-testid': 'identifier-systems' }} />
      {none && <Alert severity="info" sx={{ mt: 1 }}>{t('editors.inboundNone')}</Alert>}
    </Paper>
  );
}
