import Replay from '@mui/icons-material/Replay';
import {
  Alert, Box, Breadcrumbs, Button, Link, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router-dom';
import type { TransmissionAttempt, TransmissionDetail } from '../../shared/api/hub-api';
import type { AppointmentVersionSummary, ExchangeSummary } from '../../shared/api/types';
import { formatParis } from '../../shared/domain/instant';
import { useApiQuery } from '../api/ClientContext';
import { DiagnosticsList } from '../common/DiagnosticsList';
import { JsonView } from '../common/JsonView';
import { Empty, ErrorState, Loading } from '../common/states';
import { StatusChip } from '../common/StatusChip';
import { SummaryTable } from '../common/SummaryTable';
import { useConfirmedAction } from '../common/use-confirmed-action';
import { RouteExplanationView } from '../hub/RouteExplanationView';
import { AttemptCard } from './AttemptCard';
import { transmissionsHref } from './filter-url';
import { RetryDialog } from './RetryDialog';
import { TransmissionProblem } from './TransmissionProblem';
import { TransmissionStateChip } from './TransmissionStateChip';

/** One appointment's transmission to its SAMU: where it stands, every attempt, the versions beside it, the journal. */
export function TransmissionPage() {
  const { t } = useTranslation();
  const appointmentId = useParams().appointmentId ?? '';
  const detail = useApiQuery('transmissions.get', { appointmentId }, { enabled: appointmentId !== '' });
  const back = (
    <Breadcrumbs sx={{ mb: 1 }}>
      <Link component={RouterLink} to={transmissionsHref()}>{t('nav.lrm')}</Link>
      <Typography color="text.primary">{detail.data?.row.appointmentIdentifier ?? appointmentId}</Typography>
    </Breadcrumbs>
  );
  if (appointmentId === '' || (detail.isSuccess && !detail.data)) {
    return <Box>{back}<Alert severity="warning" data-testid="transmission-not-found">{t('transmissions.detail.notFound')}</Alert></Box>;
  }
  if (detail.isPending) return <Loading />;
  if (detail.error) return <Box>{back}<ErrorState error={detail.error} onRetry={() => detail.refetch()} /></Box>;
  return (
    <Box>
      {back}
      <TransmissionView d={detail.data!} />
    </Box>
  );
}

function Section({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  return (
    <Box component="section" sx={{ mb: 3, minWidth: 0 }} data-testid={testId}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>{title}</Typography>
      {children}
    </Box>
  );
}

function TransmissionView({ d }: { d: TransmissionDetail }) {
  const { t } = useTranslation();
  const r = d.row;
  const retry = useConfirmedAction<true>();
  // Newest first: the attempt support staff asks about is the last one.
  const attempts = [...d.attempts].sort((a, b) => b.createdUtc - a.createdUtc || b.id - a.id);
  return (
    <Box data-testid="transmission-detail" data-state={r.state}>
      <Stack direction="row" spacing={1.5} alignItems="center" sx={{ mb: 1, flexWrap: 'wrap' }} useFlexGap>
        <Typography variant="h5" component="h1">{t('transmissions.detail.title', { identifier: r.appointmentIdentifier })}</Typography>
        <TransmissionStateChip state={r.state} refused={r.ack?.refused === true} testId="transmission-state" />
        <Box sx={{ flex: 1 }} />
        <Button variant="contained" startIcon={<Replay />} onClick={() => retry.ask(true)} data-testid="retry-one">
          {t('transmissions.retryOne')}
        </Button>
      </Stack>
      {retry.result && <Alert severity="success" sx={{ mb: 1 }} onClose={retry.dismiss} data-testid="retry-result">{retry.result}</Alert>}
      <Box sx={{ mb: 2 }}><TransmissionProblem row={r} diagnostics={d.preview.diagnostics} /></Box>
      {r.possibleDuplicates > 0 && <Alert severity="warning" sx={{ mb: 2 }} data-testid="possible-duplicates">{t('transmissions.duplicatesHelp', { count: r.possibleDuplicates })}</Alert>}
      <Summary d={d} />
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 3fr) minmax(0, 2fr)' }, gap: 3 }}>
        <Section title={t('transmissions.detail.attempts', { count: attempts.length })} testId="transmission-attempts">
          {attempts.length === 0 ? <Empty>{t('transmissions.detail.noAttempt')}</Empty> : (
            <Stack spacing={1.5}>{attempts.map((a, i) => <AttemptCard key={a.id} attempt={a} number={i + 1} />)}</Stack>
          )}
        </Section>
        <Box sx={{ minWidth: 0 }}>
          <Section title={t('transmissions.detail.versions')} testId="transmission-versions">
            <VersionsBeside versions={d.versions} attempts={d.attempts} appointmentId={r.appointmentId} />
          </Section>
          <Section title={t('transmissions.detail.route')} testId="transmission-route">
            <RouteExplanationView route={d.route} />
          </Section>
        </Box>
      </Box>
      <Section title={t('transmissions.detail.preview')} testId="transmission-preview">
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('transmissions.detail.previewHelp')}</Typography>
        <DiagnosticsList diagnostics={d.preview.diagnostics} testId="preview-diagnostics" emptyText={t('transmissions.detail.previewOk')} />
        <Box sx={{ mt: 1 }}>
          {d.preview.envelope === null ? <Empty>{t('transmissions.detail.previewNone')}</Empty> : <JsonView value={d.preview.envelope} testId="preview-envelope" />}
        </Box>
      </Section>
      <Section title={t('transmissions.detail.journal')} testId="transmission-journal">
        <JournalEntries exchanges={d.exchanges} />
      </Section>
      {retry.request && (
        <RetryDialog
          selection={{ appointmentIds: [r.appointmentId] }}
          intro={t('transmissions.retry.intro.one', { id: r.appointmentIdentifier })}
          onClose={retry.cancel}
          onDone={retry.done}
        />
      )}
    </Box>
  );
}

function Summary({ d }: { d: TransmissionDetail }) {
  const { t } = useTranslation();
  const r = d.row;
  const rows: [string, ReactNode][] = [
    [t('transmissions.detail.summary.appointment'), (
      <Link component={RouterLink} to={`/appointments/${encodeURIComponent(r.appointmentId)}`} data-testid="transmission-appointment-link">
        {r.appointmentIdentifier}
      </Link>
    )],
    [t('transmissions.detail.summary.appointmentStatus'), <StatusChip status={r.appointmentStatus} />],
    [t('transmissions.detail.summary.start'), r.appointmentStartUtc !== null ? formatParis(r.appointmentStartUtc) : null],
    [t('transmissions.detail.summary.editor'), r.editor],
    [t('transmissions.detail.summary.samu'), r.samu],
    [t('transmissions.detail.summary.method'), r.method],
    [t('transmissions.detail.summary.versions'), r.sentVersion === null ? t('transmissions.versionNotSent', { wanted: r.wantedVersion }) : t('transmissions.version', { sent: r.sentVersion, wanted: r.wantedVersion })],
    [t('transmissions.detail.summary.attempts'), String(r.attempts)],
    [t('transmissions.detail.summary.distributionId'), r.lastDistributionId ? <Box component="span" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{r.lastDistributionId}</Box> : null],
    [t('transmissions.detail.summary.published'), r.publishedUtc !== null ? formatParis(r.publishedUtc) : null],
    [t('transmissions.detail.summary.acknowledged'), r.acknowledgedUtc !== null ? formatParis(r.acknowledgedUtc) : null],
    [t('transmissions.detail.summary.updated'), formatParis(r.updatedUtc)],
    [t('transmissions.detail.summary.consoleId'), <Box component="span" sx={{ fontFamily: 'monospace' }}>{r.appointmentId}</Box>],
  ];
  return <SummaryTable rows={rows} testId="transmission-summary" sx={{ mb: 3 }} />;
}

/** The appointment's versions as received, each with the attempts that carried it to the LRM. */
function VersionsBeside({ versions, attempts, appointmentId }: { versions: AppointmentVersionSummary[]; attempts: TransmissionAttempt[]; appointmentId: string }) {
  const { t } = useTranslation();
  if (versions.length === 0) return <Empty>{t('transmissions.detail.noVersion')}</Empty>;
  return (
    <Stack spacing={0.75}>
      {[...versions].reverse().map((v) => {
        // Attempts are numbered within the transmission (1, 2, …), as their cards are.
        const carriers = attempts.flatMap((a, i) => (a.version === v.version ? [i + 1] : []));
        return (
          <Paper key={v.version} variant="outlined" sx={{ p: 1 }} data-testid="transmission-version" data-version={v.version} data-carried={carriers.length > 0}>
            <Stack direction="row" spacing={1} alignItems="center" useFlexGap sx={{ flexWrap: 'wrap' }}>
              <Link component={RouterLink} to={`/appointments/${encodeURIComponent(appointmentId)}?tab=versions`} fontWeight={600}>{t('detail.version', { version: v.version })}</Link>
              {v.status && <StatusChip status={v.status} />}
              <Typography variant="body2" color="text.secondary">{t('detail.receivedAt', { at: formatParis(v.receivedUtc), editor: v.editor })}</Typography>
            </Stack>
            <Typography variant="caption" color={carriers.length ? 'text.secondary' : 'warning.dark'}>
              {carriers.length ? t('transmissions.detail.carriedBy', { count: carriers.length, ids: carriers.join(', ') }) : t('transmissions.detail.notCarried')}
            </Typography>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** The journal's entries for this appointment and its messages (AMQP publications, acks, errors). */
function JournalEntries({ exchanges }: { exchanges: ExchangeSummary[] }) {
  const { t } = useTranslation();
  if (exchanges.length === 0) return <Empty>{t('transmissions.detail.journalEmpty')}</Empty>;
  return (
    <Paper variant="outlined">
      <Table size="small" data-testid="transmission-exchanges">
        <TableHead>
          <TableRow>
            <TableCell>{t('journal.columns.at')}</TableCell>
            <TableCell>{t('journal.columns.direction')}</TableCell>
            <TableCell>{t('journal.columns.operation')}</TableCell>
            <TableCell>{t('journal.outcome')}</TableCell>
            <TableCell>{t('journal.correlation')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {[...exchanges].sort((a, b) => b.atUtc - a.atUtc).map((e) => (
            <TableRow key={e.id} data-testid="transmission-exchange">
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatParis(e.atUtc)}</TableCell>
              <TableCell>{t(`journal.direction.${e.direction}`)}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{e.operation ?? e.method ?? ''}</TableCell>
              <TableCell sx={{ color: e.outcome === 'failed' ? 'error.main' : undefined }}>
                {e.outcome ? t(`journal.outcomes.${e.outcome}`) : (e.status ?? '')}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 11, wordBreak: 'break-all' }}>{e.correlationId ?? ''}</TableCell>
              <TableCell><Button size="small" component={RouterLink} to={`/journal/${e.id}`}>{t('detail.openExchange')}</Button></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
