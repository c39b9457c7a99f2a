import { Box, Button } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function JsonView({ value, testId }: { value: unknown; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const text = typeof value === 'string' ? prettyIfJson(value) : JSON.stringify(value, null, 2);
  return (
    <Box sx={{ position: 'relative' }}>
      <Button
        size="small"
        sx={{ position: 'absolute', right: 8, top: 8 }}
        onClick={async () => {
          await navigator.clipboard?.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }}
      >
        {copied ? t('common.copied') : t('common.copy')}
      </Button>
      <Box
        component="pre"
        data-testid={testId}
        sx={{ bgcolor: 'grey.100', p: 2, borderRadius: 1, overflow: 'auto', maxHeight: 520, fontSize: 12, m: 0 }}
      >
        {text}
      </Box>
    </Box>
  );
}

function prettyIfJson(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
}
