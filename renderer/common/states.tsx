import { Alert, AlertTitle, Box, Button, CircularProgress, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { ConsoleError } from '../api/console-client';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, p: 3 }} role="status">
      <CircularProgress size={20} />
      <Typography>{t('common.loading')}</Typography>
    </Box>
  );
}

export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown) =>
    error instanceof ConsoleError
      ? t(`errors.${error.code}`, { message: error.message, defaultValue: error.message })
      : t('errors.internal', { message: (error as Error)?.message ?? String(error) });
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useErrorText();
  return (
    <Alert severity="error" sx={{ m: 2 }} action={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}>
      <AlertTitle>{t('common.errorTitle')}</AlertTitle>
      {text(error)}
    </Alert>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return (
    <Box sx={{ p: 4, textAlign: 'center', color: 'text.secondary' }}>
      <Typography>{children}</Typography>
    </Box>
  );
}
