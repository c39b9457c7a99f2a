import {
  Alert, Box, Button, Checkbox, Chip, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, FormGroup, MenuItem, Paper,
  Stack, Switch, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACCEPT_HEADERS, type CertificateInfo, type ConnectionTest, EDITOR_FLOWS, type EditorInput, type EditorView, ENVIRONMENTS,
} from '../../shared/api/editor-types';
import { InboundIdentityFields, inboundInput, initialInbound } from './InboundIdentityFields';
import { useApiMutation, useApiQuery } from '../api/ClientContext';
import { Empty, ErrorState, Loading, useErrorText } from '../common/states';

export function CertificateLine({ info }: { info: CertificateInfo | null }) {
  const { t } = useTranslation();
  if (!info) return null;
  return (
    <Box>
      <Typography variant="caption" component="div">{t('editors.certificate', { subject: info.subject, issuer: info.issuer, validTo: info.validTo.slice(0, 10) })}</Typography>
      {info.state === 'expiring' && <Alert severity="warning" sx={{ py: 0 }}>{t('editors.expiring', { days: info.daysLeft })}</Alert>}
      {info.state === 'expired' && <Alert severity="error" sx={{ py: 0 }}>{t('editors.expired')}</Alert>}
    </Box>
  );
}

export function EditorsPanel() {
  const { t } = useTranslation();
  const list = useApiQuery('editors.list', {});
  const remove = useApiMutation('editors.remove', ['editors']);
  const test = useApiMutation('editors.test');
  const [editing, setEditing] = useState<EditorView | 'new' | null>(null);
  const [tests, setTests] = useState<Record<string, ConnectionTest | 'running'>>({});
  const errorText = useErrorText();

  const runTest = async (id: string) => {
    setTests((x) => ({ ...x, [id]: 'running' }));
    try {
      const r = await test.mutateAsync({ id });
      setTests((x) => ({ ...x, [id]: r }));
    } catch (e) {
      setTests((x) => ({ ...x, [id]: { ok: false, message: errorText(e) } as ConnectionTest }));
    }
  };

  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <Box>
      <Stack direction="row" alignItems="center" spacing={2} sx={{ mb: 1 }}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>{t('editors.help')}</Typography>
        <Button variant="contained" onClick={() => setEditing('new')}>{t('editors.add')}</Button>
      </Stack>
      {list.data.length === 0 ? <Empty>{t('editors.empty')}</Empty> : (
        <Paper variant="outlined">
          <Table size="small" data-testid="editors-table">
            <TableHead>
              <TableRow>
                <TableCell>{t('editors.name')}</TableCell>
                <TableCell>{t('editors.baseUrl')}</TableCell>
                <TableCell>{t('editors.flows')}</TableCell>
                <TableCell>{t('editors.identity')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {list.data.map((e) => {
                const r = tests[e.id];
                return (
                  <TableRow key={e.id} data-testid="editor-row">
                    <TableCell>
                      <Typography fontWeight={600}>{e.name}</Typography>
                      <Chip size="small" label={t(`editors.environments.${e.environment}`)} sx={{ mr: 0.5 }} />
                      {!e.enabled && <Chip size="small" variant="outlined" label="—" />}
                    </TableCell>
                    <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, maxWidth: 320, wordBreak: 'break-all' }}>{e.baseUrl}</TableCell>
                    <TableCell>{e.flows.map((f) => t(`editors.flowNames.${f}`)).join(', ')}</TableCell>
                    <TableCell sx={{ maxWidth: 380 }}>
                      {e.identity ? <CertificateLine info={e.identity.certificate} /> : t('editors.identityKinds.none')}
                      <Typography variant="caption" color="text.secondary" component="div" data-testid="editor-inbound">
                        {t('editors.inboundSummary', { certificates: e.inboundCertificates.length, pins: e.inboundPins.length, systems: e.identifierSystems.length })}
                      </Typography>
                      {r && r !== 'running' && (
                        <Alert severity={r.ok ? 'success' : 'error'} sx={{ mt: 0.5 }} data-testid="connection-test">{r.message}</Alert>
                      )}
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      <Button size="small" onClick={() => void runTest(e.id)} disabled={r === 'running'}>{r === 'running' ? t('editors.testing') : t('editors.test')}</Button>
                      <Button size="small" onClick={() => setEditing(e)}>{t('editors.edit')}</Button>
                      <Button size="small" color="error" onClick={() => remove.mutate({ id: e.id })}>{t('editors.remove')}</Button>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Paper>
      )}
      {editing && <EditorDialog editor={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Box>
  );
}

function EditorDialog({ editor, onClose }: { editor: EditorView | null; onClose(): void }) {
  const { t } = useTranslation();
  const vault = useApiQuery('editors.vault', {});
  const save = useApiMutation('editors.save', ['editors']);
  const errorText = useErrorText();
  const canSeal = vault.data?.canSeal ?? false;
  const [form, setForm] = useState({
    name: editor?.name ?? '',
    baseUrl: editor?.baseUrl ?? 'https://',
    environment: editor?.environment ?? ('recette' as EditorInput['environment']),
    flows: editor?.flows ?? (['ps'] as EditorInput['flows']),
    accept: editor?.accept ?? ('application/fhir+json' as EditorInput['accept']),
    timeoutMs: editor?.timeoutMs ?? 7000,
    enabled: editor?.enabled ?? true,
    identityKind: (editor?.identity?.kind ?? 'none') as 'none' | 'pem' | 'pkcs12',
    certPem: editor?.identity?.kind === 'pem' ? editor.identity.certPem : '',
    keyText: '',
    keyFile: editor?.identity?.kind === 'pem' ? (editor.identity.keyFile ?? '') : '',
    pfxFile: editor?.identity?.kind === 'pkcs12' ? (editor.identity.pfxFile ?? '') : '',
    passphraseText: '',
    passphraseFile: '',
    caPem: editor?.caPem ?? '',
  });
  const [inbound, setInbound] = useState(() => initialInbound(editor));
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const keep = !!editor?.identity && editor.identity.kind === form.identityKind;

  const submit = async () => {
    const secret = (text: string, file: string) => (text ? { text } : file ? { file } : keep ? { keep: true as const } : { file: '' });
    const identity: EditorInput['identity'] =
      form.identityKind === 'none' ? null
        : form.identityKind === 'pem'
          ? { kind: 'pem', certPem: form.certPem, key: secret(form.keyText, form.keyFile) }
          : { kind: 'pkcs12', pfx: form.pfxFile ? { file: form.pfxFile } : { keep: true }, passphrase: form.passphraseText || form.passphraseFile ? secret(form.passphraseText, form.passphraseFile) : keep ? { keep: true } : null };
    await save.mutateAsync({
      ...(editor ? { id: editor.id } : {}),
      name: form.name, baseUrl: form.baseUrl, environment: form.environment, flows: form.flows, accept: form.accept,
      timeoutMs: form.timeoutMs, enabled: form.enabled, identity, caPem: form.caPem || null,
      ...inboundInput(inbound),
    });
    onClose();
  };

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth>
      <DialogTitle>{editor ? t('editors.edit') : t('editors.add')}</DialogTitle>
      <DialogContent>
        <Stack spacing={1.5} sx={{ mt: 1 }}>
          <TextField size="small" label={t('editors.name')} value={form.name} onChange={(e) => set({ name: e.target.value })} />
          <TextField size="small" label={t('editors.baseUrl')} value={form.baseUrl} onChange={(e) => set({ baseUrl: e.target.value })} />
          <Stack direction="row" spacing={2}>
            <TextField select size="small" label={t('editors.environment')} value={form.environment} onChange={(e) => set({ environment: e.target.value as EditorInput['environment'] })} sx={{ minWidth: 180 }}>
              {ENVIRONMENTS.map((x) => <MenuItem key={x} value={x}>{t(`editors.environments.${x}`)}</MenuItem>)}
            </TextField>
            <TextField select size="small" label={t('editors.accept')} value={form.accept} onChange={(e) => set({ accept: e.target.value as EditorInput['accept'] })} sx={{ minWidth: 220 }}>
              {ACCEPT_HEADERS.map((x) => <MenuItem key={x} value={x}>{x}</MenuItem>)}
            </TextField>
            <TextField size="small" type="number" label={t('editors.timeout')} value={form.timeoutMs} onChange={(e) => set({ timeoutMs: Number(e.target.value) })} />
            <FormControlLabel control={<Switch checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />} label={t('editors.enabled')} />
          </Stack>
          <FormGroup row>
            <Typography sx={{ mr: 2, alignSelf: 'center' }}>{t('editors.flows')}</Typography>
            {EDITOR_FLOWS.map((f) => (
              <FormControlLabel key={f} label={t(`editors.flowNames.${f}`)} control={
                <Checkbox checked={form.flows.includes(f)} onChange={(e) => set({ flows: e.target.checked ? [...form.flows, f] : form.flows.filter((x) => x !== f) })} />
              } />
            ))}
          </FormGroup>
          <TextField select size="small" label={t('editors.identity')} value={form.identityKind} onChange={(e) => set({ identityKind: e.target.value as typeof form.identityKind })}>
            {(['none', 'pem', 'pkcs12'] as const).map((k) => <MenuItem key={k} value={k}>{t(`editors.identityKinds.${k}`)}</MenuItem>)}
          </TextField>
          {!canSeal && form.identityKind !== 'none' && <Alert severity="info">{t('editors.headlessSecrets')}</Alert>}
          {form.identityKind === 'pem' && (
            <>
              <TextField multiline minRows={3} size="small" label={t('editors.certPem')} value={form.certPem} onChange={(e) => set({ certPem: e.target.value })} />
              {canSeal && <TextField multiline minRows={3} size="small" type="password" label={t('editors.keyText')} value={form.keyText} onChange={(e) => set({ keyText: e.target.value })} />}
              <TextField size="small" label={t('editors.keyFile')} value={form.keyFile} onChange={(e) => set({ keyFile: e.target.value })} helperText={keep ? t('editors.keepSecret') : undefined} />
            </>
          )}
          {form.identityKind === 'pkcs12' && (
            <>
              <TextField size="small" label={t('editors.pfxFile')} value={form.pfxFile} onChange={(e) => set({ pfxFile: e.target.value })} helperText={keep ? t('editors.keepSecret') : undefined} />
              {canSeal && <TextField size="small" type="password" label={t('editors.passphraseText')} value={form.passphraseText} onChange={(e) => set({ passphraseText: e.target.value })} />}
              <TextField size="small" label={t('editors.passphraseFile')} value={form.passphraseFile} onChange={(e) => set({ passphraseFile: e.target.value })} />
            </>
          )}
          <TextField multiline minRows={2} size="small" label={t('editors.caPem')} value={form.caPem} onChange={(e) => set({ caPem: e.target.value })} helperText={editor?.ca?.subject} />
          <InboundIdentityFields value={inbound} onChange={setInbound} />
          {save.error && <Alert severity="error">{errorText(save.error)}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="contained" onClick={() => void submit().catch(() => undefined)} disabled={save.isPending}>{t('common.save')}</Button>
      </DialogActions>
    </Dialog>
  );
}
