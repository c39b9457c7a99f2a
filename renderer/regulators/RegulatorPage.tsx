import Edit from '@mui/icons-material/Edit';
import {
  Alert, Box, Breadcrumbs, Button, Chip, Link, Paper, Stack, Table, TableBody, TableCell, TableRow, Typography,
} from '@mui/material';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router-dom';
import type { AccountView, RegulatorDetail } from '../../shared/api/regulator-api';
import { isBlocking } from '../../shared/diagnostics/diagnostic';
import { UUID } from '../../shared/domain/identifiers';
import { NATIONAL_ID_SYSTEM, SAS_TECHNICAL_ID_SYSTEM } from '../../shared/regulators/regulator-types';
import { useApiQuery } from '../api/ClientContext';
import { DiagnosticsList } from '../common/DiagnosticsList';
import { JsonView } from '../common/JsonView';
import { ErrorState, Loading } from '../common/states';
import { AccountActionDialog, type ActionRequest, REGULATOR_ACTIONS } from './AccountActionDialog';
import { parisDateTime } from './format';
import { RegulatorAccounts } from './RegulatorAccounts';
import { RegulatorExchanges } from './RegulatorExchanges';
import { RegulatorFormDialog } from './RegulatorFormDialog';

/** One regulator: identity, what the rules say of the body editors receive, the body, its accounts and every attempt. */
export function RegulatorPage() {
  const { t } = useTranslation();
  const technicalId = (useParams().technicalId ?? '').toLowerCase();
  const valid = UUID.test(technicalId);
  const detail = useApiQuery('regulators.get', { technicalId }, { enabled: valid });

  const back = (
    <Breadcrumbs sx={{ mb: 1 }}>
      <Link component={RouterLink} to="/regulators">{t('nav.regulators')}</Link>
      <Typography color="text.primary">{detail.data ? `${detail.data.regulator.givenName} ${detail.data.regulator.familyName}` : technicalId}</Typography>
    </Breadcrumbs>
  );
  if (!valid || (detail.isSuccess && !detail.data)) {
    return (
      <Box>
        {back}
        <Alert severity="warning" data-testid="regulator-not-found">{t('regulators.detail.notFound')}</Alert>
      </Box>
    );
  }
  if (detail.isPending) return <Loading />;
  if (detail.error) return <Box>{back}<ErrorState error={detail.error} onRetry={() => detail.refetch()} /></Box>;
  return (
    <Box>
      {back}
      <RegulatorView d={detail.data!} />
    </Box>
  );
}

function Section({ title, testId, children, extra }: { title: string; testId?: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <Box component="section" sx={{ mb: 3 }} data-testid={testId}>
      <Stack direction="row" alignItems="center" spacing={1} sx={{ mb: 1 }}>
        <Typography variant="h6" component="h2">{title}</Typography>
        {extra}
      </Stack>
      {children}
    </Box>
  );
}

function RegulatorView({ d }: { d: RegulatorDetail }) {
  const { t } = useTranslation();
  const r = d.regulator;
  const [editing, setEditing] = useState(false);
  const [request, setRequest] = useState<ActionRequest | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const blocking = d.diagnostics.filter(isBlocking).length;
  const name = `${r.givenName} ${r.familyName}`;
  const target = { technicalIds: [r.technicalId] };
  const onAccount = (action: ActionRequest['action'], a: AccountView) => {
    setResult(null);
    setRequest({ action, target, who: name, editors: [{ id: a.editorId, name: a.editorName }] });
  };

  const identity: [string, ReactNode][] = [
    [t('regulators.columns.technicalId'), <Box component="span" sx={{ fontFamily: 'monospace' }} data-testid="regulator-technical-id">{r.technicalId}</Box>],
    [t('regulators.columns.nationalId'), r.nationalId ?? t('common.none')],
    [t('regulators.form.fields.familyName'), r.familyName],
    [t('regulators.form.fields.givenName'), r.givenName],
    [t('regulators.form.fields.email'), r.email],
    [t('regulators.columns.samu'), r.samu ?? t('common.none')],
    [t('regulators.columns.active'), r.active ? t('regulators.habilitation.active') : t('regulators.habilitation.inactive')],
    [t('regulators.detail.identifierSent'), r.nationalId ? t('regulators.detail.identifierNational', { system: NATIONAL_ID_SYSTEM }) : t('regulators.detail.identifierTechnical', { system: SAS_TECHNICAL_ID_SYSTEM })],
    [t('regulators.detail.revision'), r.revision],
    [t('regulators.detail.created'), parisDateTime(r.createdUtc)],
    [t('regulators.detail.updated'), parisDateTime(r.updatedUtc)],
    [t('regulators.detail.lastLogin'), r.lastLoginUtc ? parisDateTime(r.lastLoginUtc) : t('regulators.detail.never')],
  ];

  return (
    <>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 2, flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="h5" component="h1" data-testid="regulator-name">{name}</Typography>
        <Chip size="small" color={r.active ? 'success' : 'default'} variant={r.active ? 'filled' : 'outlined'} data-testid="habilitation" data-active={r.active}
          label={r.active ? t('regulators.habilitation.active') : t('regulators.habilitation.inactive')} />
        {blocking > 0 && <Chip size="small" color="error" label={t('regulators.blocking', { count: blocking })} data-testid="blocking-badge" />}
        <Box sx={{ flex: 1 }} />
        <Button startIcon={<Edit />} variant="outlined" size="small" onClick={() => setEditing(true)} data-testid="regulator-edit">{t('regulators.detail.edit')}</Button>
        {REGULATOR_ACTIONS.map((a) => (
          <Button key={a} size="small" variant={a === 'revoke' ? 'outlined' : 'contained'} color={a === 'revoke' ? 'error' : 'primary'} disableElevation
            disabled={a !== 'login' && d.accounts.length === 0}
            onClick={() => {
              setResult(null);
              setRequest({ action: a, target, who: name });
            }}
            data-testid={`action-${a}`}>
            {t(`accounts.actions.${a}`)}
          </Button>
        ))}
      </Stack>
      {result && <Alert severity="success" sx={{ mb: 2 }} onClose={() => setResult(null)} data-testid="action-result">{result}</Alert>}

      <Section title={t('regulators.detail.identity')} testId="regulator-identity">
        <Paper variant="outlined" sx={{ maxWidth: 900 }}>
          <Table size="small">
            <TableBody>
              {identity.map(([k, v]) => (
                <TableRow key={k}>
                  <TableCell sx={{ width: 260, fontWeight: 600 }}>{k}</TableCell>
                  <TableCell sx={{ wordBreak: 'break-all' }}>{v}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      </Section>

      <Section title={t('regulators.detail.diagnostics')} testId="regulator-diagnostics">
        {blocking > 0 && (
          <Alert severity="error" variant="filled" sx={{ mb: 1 }} data-testid="regulator-blocked">{t('regulators.detail.blocked')}</Alert>
        )}
        <DiagnosticsList diagnostics={d.diagnostics} testId="regulator-diagnostics-list" emptyText={t('regulators.detail.noDiagnostics')} />
      </Section>

      <Section title={t('regulators.detail.accounts')}>
        <RegulatorAccounts regulator={r} accounts={d.accounts} onAction={onAccount} />
      </Section>

      <Section title={t('regulators.detail.body')}>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>{t('regulators.detail.bodyHelp')}</Typography>
        <JsonView value={d.body} testId="regulator-body" />
      </Section>

      <Section title={t('regulators.detail.exchanges')} extra={<Typography color="text.secondary">({d.exchanges.length})</Typography>}>
        <RegulatorExchanges exchanges={d.exchanges} />
      </Section>

      {editing && <RegulatorFormDialog regulator={r} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
      {request && (
        <AccountActionDialog
          request={request}
          onClose={() => setRequest(null)}
          onDone={(message) => {
            setRequest(null);
            setResult(message);
          }}
        />
      )}
    </>
  );
}
