import { Button, Stack, Table, TableBody, TableCell, TableRow } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import type { ExchangeDetail, ExchangeLink } from '../../shared/api/types';
import { failureText } from '../common/failure-text';

/** Where a link of an exchange leads in the console, when it has a page. */
function linkTarget(l: ExchangeLink): string | null {
  switch (l.kind) {
    case 'regulator':
      return `/regulators/${l.ref}`;
    case 'appointment':
      return `/appointments/${l.ref}`;
    case 'slot-run':
      return `/slots?run=${l.ref}`;
    case 'transmission':
      return `/lrm/${encodeURIComponent(l.ref)}`;
    default:
      return null;
  }
}

/**
 * What the journal knows of an outbound attempt beside HTTP: what it did, how it ended (an unknown outcome is
 * explained), the failure in words, per-phase timings, the client certificate presented, and the objects it concerns.
 */
export function ExchangeAttempt({ e }: { e: ExchangeDetail }) {
  const { t } = useTranslation();
  if (!e.operation && !e.outcome && e.links.length === 0 && !e.timings) return null;
  const cert = (e.tls?.clientCertificate ?? null) as { subject?: string; validTo?: string } | null;
  const rows: [string, React.ReactNode][] = [];
  if (e.operation) rows.push([t('journal.operation'), <code key="op">{e.operation}</code>]);
  if (e.correlationId) rows.push([t('journal.correlation'), <code key="c">{e.correlationId}</code>]);
  if (e.outcome) rows.push([t('journal.outcome'), t(`journal.outcomes.${e.outcome}`)]);
  if (e.failure) rows.push([t('journal.failure'), failureText(t, e.failure)]);
  if (e.timings) {
    const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} ms`);
    rows.push([t('journal.timings'), t('journal.timingsValue', { connect: ms(e.timings.connectMs), tls: ms(e.timings.tlsMs), firstByte: ms(e.timings.firstByteMs), total: ms(e.timings.totalMs) })]);
  }
  if (e.tls) {
    rows.push([t('journal.tls'), `${String(e.tls.protocol ?? '—')} ${String(e.tls.cipher ?? '')}${e.tls.reusedConnection ? ` · ${t('journal.reused')}` : ''}`]);
    if (cert?.subject) rows.push([t('journal.clientCertificate'), `${cert.subject}${cert.validTo ? ` (${t('journal.validTo', { at: cert.validTo.slice(0, 10) })})` : ''}`]);
  }
  return (
    <>
      <Table size="small" sx={{ mb: 1, maxWidth: 1100 }} data-testid="exchange-attempt">
        <TableBody>
          {rows.map(([k, v]) => (
            <TableRow key={k}>
              <TableCell sx={{ width: 220 }}>{k}</TableCell>
              <TableCell sx={{ wordBreak: 'break-word' }}>{v}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {e.links.some((l) => linkTarget(l)) && (
        <Stack direction="row" spacing={1} sx={{ mb: 2 }} data-testid="exchange-links">
          {e.links.map((l) => {
            const to = linkTarget(l);
            return to ? (
              <Button key={`${l.kind}:${l.ref}`} size="small" variant="outlined" component={RouterLink} to={to}>
                {t(`journal.links.${l.kind}`)}
              </Button>
            ) : null;
          })}
        </Stack>
      )}
    </>
  );
}
