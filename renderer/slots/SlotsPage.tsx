import {
  Alert, Autocomplete, Box, Button, Card, CardActionArea, CardContent, Chip, Grid, LinearProgress, List, ListItemButton, ListItemText, Paper,
  Stack, Tab, Tabs, TextField, ToggleButton, ToggleButtonGroup, Typography,
} from '@mui/material';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { EditorResultSummary, RunComparison, Verdict } from '../../shared/api/slot-types';
import { formatParis } from '../../shared/domain/instant';
import { isoToParisLocal, parisLocalToIso } from '../../shared/domain/paris-time';
import type { SlotKind } from '../../shared/slots/ig-slots';
import { defaultWindow } from '../../shared/slots/search-request';
import { parseSearchIds } from '../../shared/slots/search-input';
import { useApiQuery, useClient } from '../api/ClientContext';
import { JsonView } from '../common/JsonView';
import { DiagnosticsList } from '../common/DiagnosticsList';
import { failureMessage } from '../common/failure-text';
import { Empty, ErrorState, Loading, useErrorText } from '../common/states';
import { SlotGrid } from './SlotGrid';
import { SlotTree } from './SlotTree';

const VERDICT_COLORS: Record<Verdict, 'default' | 'success' | 'warning' | 'error' | 'info'> = {
  pending: 'default', ok: 'success', warnings: 'warning', errors: 'error', timeout: 'error', unreachable: 'error',
};
/** A 10,000-slot answer can carry thousands of findings: the list shows the first ones, the export has them all. */
const MAX_SHOWN = 500;
const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v)} ms`);

export function SlotsPage() {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const runId = params.get('run');
  const [kind, setKind] = useState<SlotKind>('ps');
  const [idsText, setIdsText] = useState('');
  const initial = useMemo(() => defaultWindow(), []);
  const [from, setFrom] = useState(isoToParisLocal(initial.start));
  const [to, setTo] = useState(isoToParisLocal(initial.end));
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const editors = useApiQuery('editors.list', {});
  const parsed = useMemo(() => (idsText.trim() ? parseSearchIds(idsText, kind) : null), [idsText, kind]);
  const forFlow = (editors.data ?? []).filter((e) => e.flows.includes(kind));

  const search = async () => {
    setError(null);
    try {
      const run = await client.call('slots.search', {
        kind,
        ids: parsed?.ids ?? [],
        windowStart: parisLocalToIso(from) ?? '',
        windowEnd: parisLocalToIso(to) ?? '',
        ...(chosen.length ? { editorIds: chosen } : {}),
      });
      setParams({ run: run.id });
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Box>
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>{t('slots.title')}</Typography>
      {editors.data?.length === 0 && <Alert severity="info" sx={{ mb: 1 }}>{t('slots.noEditor')}</Alert>}
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 5 }}>
            <ToggleButtonGroup exclusive size="small" value={kind} onChange={(_, v: SlotKind | null) => v && setKind(v)} sx={{ mb: 1 }}>
              {(['ps', 'cpts', 'sos'] as const).map((k) => <ToggleButton key={k} value={k}>{t(`slots.kinds.${k}`)}</ToggleButton>)}
            </ToggleButtonGroup>
            <TextField fullWidth multiline minRows={3} size="small" label={t('slots.ids')} value={idsText} onChange={(e) => setIdsText(e.target.value)}
              slotProps={{ htmlInput: { 'data-testid': 'slot-ids' } }}
              helperText={parsed ? t('slots.idsHelp', { count: parsed.ids.length }) : ' '} />
            {parsed?.rejected.filter((r) => r.problem !== 'none').map((r) => (
              <Typography key={r.input} variant="caption" color="error" component="div">{t('slots.rejected', { input: r.input, reason: r.reason })}</Typography>
            ))}
          </Grid>
          <Grid size={{ xs: 12, md: 7 }}>
            <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
              <TextField size="small" type="datetime-local" label={t('slots.from')} value={from} onChange={(e) => setFrom(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
              <TextField size="small" type="datetime-local" label={t('slots.to')} value={to} onChange={(e) => setTo(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
            </Stack>
            <Autocomplete multiple size="small" options={forFlow.map((e) => e.id)} value={chosen.filter((id) => forFlow.some((e) => e.id === id))}
              getOptionLabel={(id) => forFlow.find((e) => e.id === id)?.name ?? id} onChange={(_, v) => setChosen(v)}
              renderInput={(p) => <TextField {...p} label={t('slots.editors')} />} />
            <Button variant="contained" sx={{ mt: 2 }} onClick={() => void search()} disabled={!parsed?.ids.length}>{t('slots.search')}</Button>
            {error && <Alert severity="error" sx={{ mt: 1 }}>{error}</Alert>}
          </Grid>
        </Grid>
      </Paper>
      {runId ? <RunView id={runId} onOpen={(id) => setParams({ run: id })} /> : <History onOpen={(id) => setParams({ run: id })} />}
    </Box>
  );
}

function History({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useTranslation();
  const runs = useApiQuery('slots.runs', { offset: 0, limit: 30 });
  if (runs.isPending) return <Loading />;
  if (runs.error) return <ErrorState error={runs.error} />;
  if (runs.data.length === 0) return null;
  return (
    <Paper variant="outlined">
      <Typography sx={{ p: 1.5, fontWeight: 600 }}>{t('slots.history')}</Typography>
      <List dense>
        {runs.data.map((r) => (
          <ListItemButton key={r.id} onClick={() => onOpen(r.id)}>
            <ListItemText primary={`${formatParis(r.startedUtc)} — ${r.kind.toUpperCase()} — ${r.ids.join(', ')}`}
              secondary={r.results.map((x) => `${x.editorName}: ${t(`slots.verdicts.${x.verdict}`)}`).join(' · ')} />
          </ListItemButton>
        ))}
      </List>
    </Paper>
  );
}

function RunView({ id, onOpen }: { id: string; onOpen(id: string): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [selected, setSelected] = useState<string | null>(null);
  const [comparison, setComparison] = useState<RunComparison | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  // The core pushes a 'slot-runs' event as editors answer: the query refreshes by itself, nothing is polled.
  const run = useApiQuery('slots.run', { id });
  if (run.isPending) return <Loading />;
  if (run.error) return <ErrorState error={run.error} />;
  if (!run.data) return <Empty>—</Empty>;
  const r = run.data;
  const done = r.results.filter((x) => x.state === 'done').length;
  const act = async (fn: () => Promise<void>) => {
    setActionError(null);
    try {
      await fn();
    } catch (e) {
      setActionError(errorText(e));
    }
  };
  const download = (data: unknown) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    a.download = `recherche-creneaux-${r.id}.json`;
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <Box>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1, flexWrap: 'wrap' }}>
        <Typography fontWeight={600}>{formatParis(r.startedUtc)} — {r.kind.toUpperCase()} — {r.ids.join(', ')}</Typography>
        <Typography color="text.secondary" data-testid="run-progress">{t('slots.progress', { done, total: r.results.length })}</Typography>
        <Box sx={{ flex: 1 }} />
        {!r.finishedUtc && <Button size="small" onClick={() => void act(async () => void (await client.call('slots.cancel', { id })))}>{t('slots.cancel')}</Button>}
        <Button size="small" onClick={() => void act(async () => onOpen((await client.call('slots.rerun', { id })).id))}>{t('slots.rerun')}</Button>
        {r.rerunOf && <Button size="small" onClick={() => void act(async () => setComparison(await client.call('slots.compare', { a: r.rerunOf!, b: id })))}>{t('slots.compare')}</Button>}
        <Button size="small" onClick={() => void act(async () => download(await client.call('slots.export', { id })))}>{t('slots.export')}</Button>
      </Stack>
      {!r.finishedUtc && <LinearProgress variant="determinate" value={(100 * done) / Math.max(1, r.results.length)} sx={{ mb: 1 }} />}
      {actionError && <Alert severity="error" sx={{ mb: 1 }}>{actionError}</Alert>}
      {comparison && <Comparison data={comparison} />}
      <Grid container spacing={1.5} sx={{ mb: 2 }}>
        {r.results.map((x) => <ResultCard key={x.editorId} result={x} selected={selected === x.editorId} onSelect={() => setSelected(x.editorId)} />)}
      </Grid>
      {selected && <ResultDetail runId={id} editorId={selected} />}
    </Box>
  );
}

function ResultCard({ result: x, selected, onSelect }: { result: EditorResultSummary; selected: boolean; onSelect(): void }) {
  const { t } = useTranslation();
  return (
    <Grid size={{ xs: 12, sm: 6, lg: 4 }}>
      <Card variant="outlined" sx={{ borderColor: selected ? 'primary.main' : undefined }} data-testid="editor-result" data-verdict={x.verdict}>
        <CardActionArea onClick={onSelect} disabled={x.state === 'pending'}>
          <CardContent>
            <Stack direction="row" spacing={1} alignItems="center">
              <Typography fontWeight={600} sx={{ flex: 1 }}>{x.editorName}</Typography>
              <Chip size="small" color={VERDICT_COLORS[x.verdict]} label={t(`slots.verdicts.${x.verdict}`)} />
            </Stack>
            {x.state === 'pending' ? <LinearProgress sx={{ mt: 1 }} /> : (
              <>
                <Typography variant="body2">
                  {x.httpStatus !== null ? `HTTP ${x.httpStatus} · ` : ''}{x.slotCount !== null ? t('slots.slotCount', { count: x.slotCount }) : ''}
                  {x.slotCount !== null ? ` · ${t('slots.findingsCount', { errors: x.errors, warnings: x.warnings })}` : ''}
                </Typography>
                {x.timings && (
                  <Typography variant="caption" color="text.secondary">
                    {t('slots.timing', { connect: ms(x.timings.connectMs), tls: ms(x.timings.tlsMs), ttfb: ms(x.timings.firstByteMs), total: ms(x.timings.totalMs) })}
                  </Typography>
                )}
                {x.error && <Typography variant="body2" color="error">{x.error.failure?.code === 'net.timeout'
                  ? t('slots.timeoutFailure', { timeoutS: Number(x.error.failure.params?.timeoutMs ?? 0) / 1000 })
                  : x.error.failure ? failureMessage(t, x.error.failure) : x.error.message}</Typography>}
              </>
            )}
          </CardContent>
        </CardActionArea>
      </Card>
    </Grid>
  );
}

function ResultDetail({ runId, editorId }: { runId: string; editorId: string }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'diagnostics' | 'tree' | 'grid' | 'request' | 'response'>('diagnostics');
  const d = useApiQuery('slots.result', { runId, editorId });
  if (d.isPending) return <Loading />;
  if (d.error) return <ErrorState error={d.error} />;
  if (!d.data) return null;
  const r = d.data;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="result-detail">
      <Typography fontWeight={600}>{r.editorName}</Typography>
      <Tabs value={tab} onChange={(_, v) => setTab(v)} sx={{ mb: 1 }}>
        {(['diagnostics', 'tree', 'grid', 'request', 'response'] as const).map((k) => <Tab key={k} value={k} label={t(`slots.tabs.${k}`)} />)}
      </Tabs>
      {tab === 'diagnostics' && (r.findings.length === 0 ? <Typography color="text.secondary">{t('slots.noFindings')}</Typography> : (
        <Box>
          {r.findings.length > MAX_SHOWN && <Alert severity="info" sx={{ mb: 0.5 }}>{t('slots.firstFindings', { shown: MAX_SHOWN, total: r.findings.length })}</Alert>}
          {/* Findings stored before every family shared one type have no `family`: they are slot findings. */}
          <DiagnosticsList diagnostics={r.findings.slice(0, MAX_SHOWN).map((f) => ({ ...f, family: 'slot' as const }))} testId="slot-findings" />
        </Box>
      ))}
      {tab === 'tree' && <SlotTree tree={r.tree} />}
      {tab === 'grid' && <SlotGrid slots={r.slots} />}
      {tab === 'request' && (
        <Stack spacing={1}>
          <Typography variant="subtitle2">{t('slots.requestDecoded')}</Typography>
          <JsonView value={r.requestDecoded} testId="request-decoded" />
          <Typography variant="subtitle2">{t('slots.requestEncoded')}</Typography>
          <JsonView value={r.requestUrl} />
        </Stack>
      )}
      {tab === 'response' && <JsonView value={r.responseBody ?? ''} testId="raw-response" />}
    </Paper>
  );
}

function Comparison({ data }: { data: RunComparison }) {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 2 }} data-testid="run-comparison">
      {data.editors.map((e) => (
        <Box key={e.editorId} sx={{ mb: 1 }}>
          <Typography fontWeight={600}>{e.editorName} — {t('slots.comparison', { added: e.added, removed: e.removed, changed: e.changed })}</Typography>
          {e.items.slice(0, 50).map((i) => (
            <Typography key={`${i.kind}-${i.key}`} variant="body2">
              {t(`slots.changeKinds.${i.kind}`)} · {i.label}{i.changes ? ` — ${i.changes.join(' ; ')}` : ''}
            </Typography>
          ))}
        </Box>
      ))}
    </Paper>
  );
}
