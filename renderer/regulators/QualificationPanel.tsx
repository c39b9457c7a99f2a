import Download from '@mui/icons-material/Download';
import PlayArrow from '@mui/icons-material/PlayArrow';
import {
  Alert, Box, Button, Chip, type ChipProps, LinearProgress, Link, MenuItem, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead,
  TableRow, TextField, Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { QUALIFICATION_VERDICTS, type QualificationRun, type QualificationVerdict } from '../../shared/api/regulator-api';
import { UUID } from '../../shared/domain/identifiers';
import { EMAIL, NATIONAL_ID } from '../../shared/regulators/regulator-types';
import { useApiMutation, useApiQuery, useClient } from '../api/ClientContext';
import { failureMessage } from '../common/failure-text';
import { Empty, ErrorState, Loading, useErrorText } from '../common/states';
import { parisDateTime, slug } from './format';

const VERDICT_COLORS: Record<QualificationVerdict, NonNullable<ChipProps['color']>> = { pass: 'success', fail: 'error', warning: 'warning', skipped: 'default' };

function VerdictChip({ verdict, count }: { verdict: QualificationVerdict; count?: number }) {
  const { t } = useTranslation();
  const label = t(`qualification.verdicts.${verdict}`);
  return (
    <Chip size="small" color={VERDICT_COLORS[verdict]} variant={verdict === 'skipped' ? 'outlined' : 'filled'} data-verdict={verdict}
      label={count === undefined ? label : `${label} : ${count}`} />
  );
}

function Summary({ run }: { run: QualificationRun }) {
  return (
    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
      {QUALIFICATION_VERDICTS.filter((v) => (run.summary[v] ?? 0) > 0).map((v) => <VerdictChip key={v} verdict={v} count={run.summary[v]} />)}
    </Box>
  );
}

/** The test kit's group 5 (INT_R02) run against one editor: start a run, read each step, export the report. */
export function QualificationPanel() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const editors = useApiQuery('editors.list', {});
  const candidates = (editors.data ?? []).filter((e) => e.flows.includes('regulators'));
  const [editorId, setEditorId] = useState('');
  const [nationalId, setNationalId] = useState('');
  const [email, setEmail] = useState('');
  const start = useApiMutation('qualification.start');
  const chosen = candidates.some((e) => e.id === editorId) ? editorId : (candidates[0]?.id ?? '');
  const runId = params.get('run');
  const nationalError = nationalId.trim() !== '' && !NATIONAL_ID.test(nationalId.trim());
  const emailError = email.trim() !== '' && !EMAIL.test(email.trim());

  const open = (id: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('run', id);
      else next.delete('run');
      return next;
    });
  const run = async () => {
    try {
      const r = await start.mutateAsync({
        editorId: chosen,
        ...(nationalId.trim() ? { nationalId: nationalId.trim() } : {}),
        ...(email.trim() ? { email: email.trim() } : {}),
      });
      open(r.id);
    } catch {
      // Shown below from the mutation's error.
    }
  };

  return (
    <Box data-testid="qualification">
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>{t('qualification.help')}</Typography>
        {editors.isPending ? <Loading /> : editors.error ? <ErrorState error={editors.error} onRetry={() => editors.refetch()} /> : candidates.length === 0 ? (
          <Alert severity="info" data-testid="qualification-no-editor">{t('qualification.noEditor')}</Alert>
        ) : (
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={1.5} alignItems="flex-start">
            <TextField select size="small" label={t('qualification.editor')} value={chosen} onChange={(e) => setEditorId(e.target.value)} sx={{ minWidth: 260 }}
              slotProps={{ htmlInput: { 'data-testid': 'qualification-editor' } }}>
              {candidates.map((e) => (
                <MenuItem key={e.id} value={e.id}>{e.name} — {t(`editors.environments.${e.environment}`)}</MenuItem>
              ))}
            </TextField>
            <TextField size="small" label={t('qualification.nationalId')} value={nationalId} onChange={(e) => setNationalId(e.target.value)}
              error={nationalError} helperText={nationalError ? t('regulators.form.errors.format.nationalId') : t('qualification.nationalIdHelp')}
              slotProps={{ htmlInput: { 'data-testid': 'qualification-national-id' } }} />
            <TextField size="small" label={t('qualification.email')} value={email} onChange={(e) => setEmail(e.target.value)}
              error={emailError} helperText={emailError ? t('regulators.form.errors.format.email') : t('qualification.emailHelp')}
              slotProps={{ htmlInput: { 'data-testid': 'qualification-email' } }} />
            <Button variant="contained" startIcon={<PlayArrow />} onClick={() => void run()} disabled={!chosen || nationalError || emailError || start.isPending}
              data-testid="qualification-start">
              {t('qualification.start')}
            </Button>
          </Stack>
        )}
        {start.isPending && <LinearProgress sx={{ mt: 1 }} />}
        {start.error && <Alert severity="error" sx={{ mt: 1.5 }} data-testid="qualification-error">{errorText(start.error)}</Alert>}
      </Paper>
      {runId && UUID.test(runId) ? <RunDetail id={runId} onBack={() => open(null)} /> : <Runs onOpen={open} />}
    </Box>
  );
}

function Runs({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useTranslation();
  const runs = useApiQuery('qualification.runs', {});
  if (runs.isPending) return <Loading />;
  if (runs.error) return <ErrorState error={runs.error} onRetry={() => runs.refetch()} />;
  if (runs.data.length === 0) return <Empty>{t('qualification.noRun')}</Empty>;
  const sorted = [...runs.data].sort((a, b) => b.startedUtc - a.startedUtc);
  return (
    <TableContainer component={Paper} variant="outlined">
      <Typography sx={{ p: 1.5, fontWeight: 600 }}>{t('qualification.runs')}</Typography>
      <Table size="small" data-testid="qualification-runs">
        <TableHead>
          <TableRow>
            {(['started', 'editor', 'baseUrl', 'finished', 'summary'] as const).map((c) => <TableCell key={c}>{t(`qualification.columns.${c}`)}</TableCell>)}
          </TableRow>
        </TableHead>
        <TableBody>
          {sorted.map((r) => (
            <TableRow key={r.id} hover tabIndex={0} sx={{ cursor: 'pointer' }} onClick={() => onOpen(r.id)} onKeyDown={(e) => e.key === 'Enter' && onOpen(r.id)}
              data-testid="qualification-run" data-run-id={r.id}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{parisDateTime(r.startedUtc)}</TableCell>
              <TableCell>{r.editorName}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{r.baseUrl}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{r.finishedUtc ? parisDateTime(r.finishedUtc) : t('qualification.running')}</TableCell>
              <TableCell><Summary run={r} /></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function RunDetail({ id, onBack }: { id: string; onBack(): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [exportError, setExportError] = useState<string | null>(null);
  const run = useApiQuery('qualification.get', { id });
  if (run.isPending) return <Loading />;
  if (run.error) return <ErrorState error={run.error} onRetry={() => run.refetch()} />;
  if (!run.data) {
    return (
      <Alert severity="warning" action={<Button onClick={onBack}>{t('qualification.allRuns')}</Button>} data-testid="qualification-run-missing">
        {t('qualification.runNotFound')}
      </Alert>
    );
  }
  const r = run.data;
  const exportRun = async () => {
    setExportError(null);
    try {
      const stamp = new Date(r.startedUtc).toISOString().replace(/[:.]/g, '-').slice(0, 19);
      // The core's export adds, per request, the journalled request and response (headers and bodies): a ticket needs them.
      const doc = await client.call('qualification.export', { id: r.id });
      await client.saveText(`qualification-int-r02-${slug(r.editorName)}-${stamp}.json`, JSON.stringify(doc, null, 2), 'application/json;charset=utf-8');
    } catch (e) {
      setExportError(errorText(e));
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="qualification-run-detail" data-run-id={r.id} data-finished={r.finishedUtc !== null}>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1, flexWrap: 'wrap', rowGap: 1 }}>
        <Button size="small" onClick={onBack}>{t('qualification.allRuns')}</Button>
        <Typography fontWeight={600}>{r.editorName}</Typography>
        <Typography variant="body2" sx={{ fontFamily: 'monospace' }} color="text.secondary">{r.baseUrl}</Typography>
        <Typography variant="body2" color="text.secondary">
          {t('qualification.startedAt', { at: parisDateTime(r.startedUtc) })}
          {r.finishedUtc ? ` · ${t('qualification.finishedAt', { at: parisDateTime(r.finishedUtc) })}` : ''}
        </Typography>
        <Summary run={r} />
        <Box sx={{ flex: 1 }} />
        <Button size="small" variant="outlined" startIcon={<Download />} onClick={() => void exportRun()} data-testid="qualification-export">{t('qualification.export')}</Button>
      </Stack>
      {!r.finishedUtc && <LinearProgress sx={{ mb: 1 }} />}
      {exportError && <Alert severity="error" sx={{ mb: 1 }}>{exportError}</Alert>}
      {r.steps.length === 0 ? <Empty>{t('qualification.noStep')}</Empty> : (
        <TableContainer>
          <Table size="small" data-testid="qualification-steps">
            <TableHead>
              <TableRow>
                {(['id', 'title', 'verdict', 'expected', 'detail', 'requests'] as const).map((c) => <TableCell key={c}>{t(`qualification.columns.${c}`)}</TableCell>)}
              </TableRow>
            </TableHead>
            <TableBody>
              {r.steps.map((s) => (
                <TableRow key={s.id} data-testid="qualification-step" data-step={s.id} data-verdict={s.verdict} sx={{ verticalAlign: 'top' }}>
                  <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{s.id}</TableCell>
                  <TableCell>
                    {s.title}
                    {s.optional && <Chip size="small" variant="outlined" label={t('qualification.optional')} sx={{ ml: 0.5 }} />}
                  </TableCell>
                  <TableCell><VerdictChip verdict={s.verdict} /></TableCell>
                  <TableCell sx={{ maxWidth: 280 }}>{s.expected}</TableCell>
                  <TableCell sx={{ maxWidth: 320 }}>{s.detail ?? t('common.none')}</TableCell>
                  <TableCell sx={{ maxWidth: 420 }}>
                    {s.requests.length === 0 ? t('common.none') : s.requests.map((q, i) => (
                      <Box key={i} sx={{ mb: 0.5 }}>
                        <Typography variant="caption" component="div" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                          {q.exchangeId ? (
                            <Link component={RouterLink} to={`/journal/${q.exchangeId}`} data-testid="qualification-request-link">{q.method} {q.url}</Link>
                          ) : `${q.method} ${q.url}`}
                          {' → '}
                          {q.status ?? t('common.none')}
                        </Typography>
                        {q.failure && <Typography variant="caption" component="div" color="error.main">{failureMessage(t, q.failure)}</Typography>}
                      </Box>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Paper>
  );
}
