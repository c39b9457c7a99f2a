import { Alert, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../shared/fhir/findings';

const SEVERITY = { fatal: 'error', error: 'error', warning: 'warning', information: 'info' } as const;

/** Each finding in the operator's language: the rule, its explanation and the element's FHIRPath. */
export function FindingsList({ findings }: { findings: Finding[] }) {
  const { t } = useTranslation();
  if (findings.length === 0) return <Typography color="text.secondary">{t('detail.noFindings')}</Typography>;
  return (
    <Stack spacing={0.5} data-testid="findings">
      {findings.map((f, i) => (
        <Alert key={i} severity={SEVERITY[f.severity]}>
          <strong>{f.ruleId}</strong> — {f.ruleId === 'IG-PROFILE' ? f.diagnostics : t(`rules.${f.ruleId}`, { ...(f.params ?? {}), defaultValue: f.diagnostics })}
          <Typography variant="caption" component="div" sx={{ fontFamily: 'monospace' }}>{f.expression}</Typography>
        </Alert>
      ))}
    </Stack>
  );
}
