import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { Diagnostic, DiagnosticFamily } from '../../shared/diagnostics/diagnostic';
import { interpolate } from '../../shared/fhir/findings';
import { regulatorMessages } from '../../shared/i18n/regulator-rule-messages';
import { messages as appointmentMessages } from '../../shared/i18n/rule-messages';
import { slotMessages } from '../../shared/i18n/slot-rule-messages';

const SEVERITY = { fatal: 'error', error: 'error', warning: 'warning', information: 'info' } as const;

type Table = { fr: Record<string, string>; en: Record<string, string> };
/** The message table of each family that has one; the others keep the core's (French) text. */
const TABLES: Partial<Record<DiagnosticFamily, Table>> = {
  regulator: regulatorMessages,
  appointment: appointmentMessages,
  slot: slotMessages,
};

/** A diagnostic in the operator's language: from its family's table when the rule is known, else as the core wrote it. */
export function diagnosticMessage(d: Pick<Diagnostic, 'family' | 'ruleId' | 'params' | 'diagnostics'>, language: string): string {
  const table = TABLES[d.family];
  const template = table?.[language.startsWith('en') ? 'en' : 'fr'][d.ruleId];
  return template ? interpolate(template, d.params) : d.diagnostics;
}

/**
 * Diagnostics of any rule family, most serious first: severity, rule, where (resource and element) and what to
 * fix. `testId` names the list for tests (default `diagnostics`); each item carries its rule and severity.
 */
export function DiagnosticsList({ diagnostics, testId = 'diagnostics', emptyText }: { diagnostics: Diagnostic[]; testId?: string; emptyText?: string }) {
  const { t, i18n } = useTranslation();
  if (diagnostics.length === 0) {
    return <Typography color="text.secondary" data-testid={`${testId}-empty`}>{emptyText ?? t('diagnostics.empty')}</Typography>;
  }
  const rank = { fatal: 0, error: 1, warning: 2, information: 3 } as const;
  const sorted = diagnostics.map((d, i) => ({ d, i })).sort((a, b) => rank[a.d.severity] - rank[b.d.severity] || a.i - b.i);
  return (
    <Stack spacing={0.5} data-testid={testId} component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {sorted.map(({ d, i }) => (
        <Alert
          key={i}
          component="li"
          severity={SEVERITY[d.severity]}
          data-testid="diagnostic"
          data-rule={d.ruleId}
          data-severity={d.severity}
          sx={{ '& .MuiAlert-message': { minWidth: 0, flex: 1 } }}
        >
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 0.25 }}>
            <Chip size="small" variant="outlined" label={t(`severity.${d.severity}`)} />
            <Typography component="strong" variant="body2" fontWeight={700}>{d.ruleId}</Typography>
          </Box>
          <Typography variant="body2">{diagnosticMessage(d, i18n.language ?? 'fr')}</Typography>
          {(d.resource || d.expression) && (
            <Typography variant="caption" component="div" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} title={t('diagnostics.where')}>
              {[d.resource, d.expression].filter(Boolean).join(' · ')}
            </Typography>
          )}
        </Alert>
      ))}
    </Stack>
  );
}
