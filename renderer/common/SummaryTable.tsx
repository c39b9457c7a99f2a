import { Paper, type SxProps, Table, TableBody, TableCell, TableRow, type Theme } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A record's summary, one label and value a row; a missing value (null) reads as none. */
export function SummaryTable({ rows, testId, sx }: { rows: [string, ReactNode][]; testId?: string; sx?: SxProps<Theme> }) {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined" sx={sx}>
      <Table size="small" data-testid={testId}>
        <TableBody>
          {rows.map(([k, v]) => (
            <TableRow key={k}>
              <TableCell sx={{ width: 260, fontWeight: 600 }}>{k}</TableCell>
              <TableCell>{v ?? t('common.none')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
