import {
  Alert, Box, Breadcrumbs, Button, Chip, Link, MenuItem, Paper, Stack, Tab, Table, TableBody, TableCell, TableHead, TableRow, Tabs, TextField, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router-dom';
import type { AppointmentDetail } from '../../shared/api/types';
import { formatParis } from '../../shared/domain/instant';
import { diffJson } from '../../shared/fhir/json-diff';
import type { Json } from '../../shared/fhir/json';
import { useApiQuery, useClient } from '../api/ClientContext';
import { JsonView } from '../common/JsonView';
import { Empty, ErrorState, Loading } from '../common/states';
import { StatusChip } from '../common/StatusChip';
import { SummaryTable } from '../common/SummaryTable';
import { DiagnosticsList } from '../common/DiagnosticsList';
import { AppointmentTransmission } from '../transmissions/AppointmentTransmission';
import { versionChanges } from './version-changes';

const TABS = ['summary', 'versions', 'json', 'diff', 'validation', 'journal'] as const;

export function AppointmentDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as (typeof TABS)[number]) : 'summary';
  const detail = useApiQuery('appointments.get', { id });

  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Alert severity="warning">{t('detail.notFound')}</Alert>;
  const d = detail.data;
  return (
    <Box>
      <Breadcrumbs sx={{ mb: 1 }}>
        <Link component={RouterLink} to="/appointments">{t('nav.appointments')}</Link>
        <Typography color="text.primary">{d.row.identifierValue}</Typography>
      </Breadcrumbs>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
        <Typography variant="h5" component="h1">{t('detail.title', { identifier: d.row.identifierValue })}</Typography>
        <StatusChip status={d.row.status} />
        <Chip size="small" label={d.row.category} variant="outlined" />
      </Stack>
      <Tabs value={tab} onChange={(_, v: string) => setParams({ tab: v })} sx={{ mb: 2 }}>
        {TABS.map((k) => (
          <Tab key={k} value={k} label={k === 'versions' ? `${t('detail.tabs.versions')} (${d.versions.length})` : t(`detail.tabs.${k}`)} />
        ))}
      </Tabs>
      {tab === 'summary' && <Summary d={d} />}
      {tab === 'versions' && <Timeline d={d} />}
      {tab === 'json' && <VersionJson d={d} />}
      {tab === 'diff' && <VersionDiff d={d} />}
      {tab === 'validation' && <Validation d={d} />}
      {tab === 'journal' && <Exchanges d={d} />}
    </Box>
  );
}

function Summary({ d }: { d: AppointmentDetail }) {
  const { t } = useTranslation();
  const r = d.row;
  const rows: [string, React.ReactNode][] = [
    [t('detail.summary.identifier'), r.identifierValue],
    [t('detail.summary.system'), r.identifierSystem],
    [t('detail.summary.profile'), r.profile],
    [t('detail.summary.start'), `${formatParis(r.startUtc)}`],
    [t('detail.summary.startRaw'), r.startRaw],
    [t('detail.summary.end'), r.endRaw],
    [t('detail.summary.created'), r.createdUtc ? `${formatParis(r.createdUtc)} (${r.createdRaw})` : null],
    [t('appointments.columns.practitioner'), r.practitionerId],
    [t('appointments.columns.organisation'), r.organisationId],
    [t('appointments.columns.regulator'), r.regulatorId],
    [t('appointments.columns.editor'), r.editor],
    [t('appointments.columns.lastReceived'), formatParis(r.lastReceivedUtc)],
    [t('detail.summary.consoleId'), r.id],
  ];
  return (
    <>
      <SummaryTable rows={rows} />
      <AppointmentTransmission appointmentId={r.id} />
    </>
  );
}

function Timeline({ d }: { d: AppointmentDetail }) {
  const { t } = useTranslation();
  return (
    <Stack spacing={1} data-testid="version-timeline">
      {d.versions.map((v, i) => {
        const changes = versionChanges(d.versions[i - 1], v);
        return (
          <Paper key={v.version} variant="outlined" sx={{ p: 1.5 }} data-testid="version-item">
            <Stack direction="row" spacing={1} alignItems="center">
              <Typography fontWeight={600}>{t('detail.version', { version: v.version })}</Typography>
              {v.status && <StatusChip status={v.status} />}
              <Typography variant="body2" color="text.secondary">
                {t('detail.receivedAt', { at: formatParis(v.receivedUtc), editor: v.editor })}
              </Typography>
            </Stack>
            <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 3 }}>
              {changes.length === 0 && <li>{t('detail.changes.none')}</li>}
              {changes.map((c, k) => (
                <li key={k}>
                  {c.kind === 'created'
                    ? t('detail.changes.created')
                    : c.kind === 'status'
                      ? t('detail.changes.status', { from: t(`appointmentStatus.${c.from}`, { defaultValue: c.from }), to: t(`appointmentStatus.${c.to}`, { defaultValue: c.to }) })
                      : t(`detail.changes.${c.kind}`, { from: c.from, to: c.to })}
                </li>
              ))}
            </Box>
          </Paper>
        );
      })}
    </Stack>
  );
}

function VersionPicker({ d, label, value, onChange }: { d: AppointmentDetail; label: string; value: number; onChange(v: number): void }) {
  const { t } = useTranslation();
  return (
    <TextField select size="small" label={label} value={value} onChange={(e) => onChange(Number(e.target.value))} sx={{ minWidth: 200 }}>
      {d.versions.map((v) => (
        <MenuItem key={v.version} value={v.version}>{t('detail.version', { version: v.version })}</MenuItem>
      ))}
    </TextField>
  );
}

function useVersion(id: string, version: number) {
  const client = useClient();
  return useQuery({ queryKey: ['appointments', 'version', id, version], queryFn: () => client.call('appointments.version', { id, version }) });
}

function VersionJson({ d }: { d: AppointmentDetail }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(d.row.versions);
  const v = useVersion(d.row.id, version);
  return (
    <Stack spacing={1.5}>
      <VersionPicker d={d} label={t('detail.showVersion')} value={version} onChange={setVersion} />
      {v.isPending ? <Loading /> : v.error ? <ErrorState error={v.error} /> : <JsonView value={v.data?.resource} testId="version-json" />}
    </Stack>
  );
}

function VersionDiff({ d }: { d: AppointmentDetail }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(Math.max(1, d.row.versions - 1));
  const [to, setTo] = useState(d.row.versions);
  const a = useVersion(d.row.id, from);
  const b = useVersion(d.row.id, to);
  const changes = useMemo(
    () => (a.data && b.data ? diffJson(a.data.resource as Json, b.data.resource as Json) : []),
    [a.data, b.data],
  );
  const show = (v: Json | undefined) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={2}>
        <VersionPicker d={d} label={t('detail.diffFrom')} value={from} onChange={setFrom} />
        <VersionPicker d={d} label={t('detail.diffTo')} value={to} onChange={setTo} />
      </Stack>
      {a.isPending || b.isPending ? (
        <Loading />
      ) : changes.length === 0 ? (
        <Empty>{t('detail.diffEmpty')}</Empty>
      ) : (
        <Paper variant="outlined">
          <Table size="small" data-testid="version-diff">
            <TableHead>
              <TableRow>
                <TableCell>{t('detail.diffPath')}</TableCell>
                <TableCell>{t('detail.diffBefore')}</TableCell>
                <TableCell>{t('detail.diffAfter')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {changes.map((c) => (
                <TableRow key={c.path}>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{c.path}</TableCell>
                  <TableCell sx={{ bgcolor: c.kind !== 'added' ? 'error.50' : undefined, color: 'error.dark', fontFamily: 'monospace' }}>{show(c.before)}</TableCell>
                  <TableCell sx={{ color: 'success.dark', fontFamily: 'monospace' }}>{show(c.after)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}

function Validation({ d }: { d: AppointmentDetail }) {
  const { t } = useTranslation();
  return (
    <Stack spacing={2}>
      {[...d.versions].reverse().map((v) => (
        <Box key={v.version}>
          <Typography fontWeight={600}>{t('detail.version', { version: v.version })}</Typography>
          <Typography variant="body2" color="text.secondary">{t('detail.profileApplied', { profile: v.profile })}</Typography>
          {/* Findings stored before every family shared one type have no `family`: they are appointment findings. */}
          <DiagnosticsList diagnostics={v.findings.map((f) => ({ ...f, family: 'appointment' as const }))} testId="findings" emptyText={t('detail.noFindings')} />
        </Box>
      ))}
    </Stack>
  );
}

function Exchanges({ d }: { d: AppointmentDetail }) {
  const { t } = useTranslation();
  if (d.exchanges.length === 0) return <Empty>{t('journal.empty')}</Empty>;
  return (
    <Paper variant="outlined">
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{t('journal.columns.at')}</TableCell>
            <TableCell>{t('journal.columns.method')}</TableCell>
            <TableCell>{t('journal.columns.status')}</TableCell>
            <TableCell>{t('journal.columns.peer')}</TableCell>
            <TableCell>{t('detail.tabs.versions')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {d.exchanges.map((e) => {
            const produced = d.versions.filter((v) => v.exchangeId === e.id).map((v) => v.version);
            return (
              <TableRow key={e.id}>
                <TableCell>{formatParis(e.atUtc)}</TableCell>
                <TableCell>{e.method}</TableCell>
                <TableCell>{e.status}</TableCell>
                <TableCell>{e.clientSubject ?? e.peer}</TableCell>
                <TableCell>{produced.join(', ')}</TableCell>
                <TableCell>
                  <Button size="small" component={RouterLink} to={`/journal/${e.id}`}>{t('detail.openExchange')}</Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Paper>
  );
}
