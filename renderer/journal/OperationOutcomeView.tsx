import { Alert, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';

interface Issue {
  severity?: unknown;
  code?: unknown;
  diagnostics?: unknown;
  details?: { text?: unknown };
  expression?: unknown;
}

/** The issues of an OperationOutcome body, when the body is one: what an editor (or the gateway) said, readably. */
export function parseOperationOutcome(body: string | null): Issue[] | null {
  if (!body || !body.includes('OperationOutcome')) return null;
  try {
    const json = JSON.parse(body) as { resourceType?: unknown; issue?: unknown };
    return json.resourceType === 'OperationOutcome' && Array.isArray(json.issue) ? (json.issue as Issue[]) : null;
  } catch {
    return null;
  }
}

export function OperationOutcomeView({ body }: { body: string | null }) {
  const { t } = useTranslation();
  const issues = parseOperationOutcome(body);
  if (!issues) return null;
  if (issues.length === 0) return <Alert severity="info">{t('journal.outcomeEmpty')}</Alert>;
  return (
    <>
      <Typography variant="subtitle2" sx={{ mt: 1 }}>{t('journal.operationOutcome')}</Typography>
      <Table size="small" data-testid="operation-outcome">
        <TableHead>
          <TableRow>
            <TableCell>{t('journal.issue.severity')}</TableCell>
            <TableCell>{t('journal.issue.code')}</TableCell>
            <TableCell>{t('journal.issue.text')}</TableCell>
            <TableCell>{t('journal.issue.expression')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {issues.map((i, n) => (
            <TableRow key={n}>
              <TableCell sx={{ color: i.severity === 'error' || i.severity === 'fatal' ? 'error.main' : undefined }}>{String(i.severity ?? '')}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{String(i.code ?? '')}</TableCell>
              <TableCell>{String(i.diagnostics ?? i.details?.text ?? '')}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{Array.isArray(i.expression) ? i.expression.join(', ') : ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
