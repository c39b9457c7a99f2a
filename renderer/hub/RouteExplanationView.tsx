import CheckCircle from '@mui/icons-material/CheckCircle';
import RadioButtonUnchecked from '@mui/icons-material/RadioButtonUnchecked';
import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { RouteExplanation } from '../../shared/api/hub-api';
import { routeSentence } from '../transmissions/transmission-text';
import { BlockReasons } from '../transmissions/TransmissionProblem';

/**
 * Where an appointment goes and why, step by step in the order the console decides: an override by editor,
 * then by department, then the regulator's SAMU. The first step that matches decides.
 */
export function RouteExplanationView({ route, testId = 'route-explanation' }: { route: RouteExplanation; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Box data-testid={testId} data-samu={route.samu ?? ''} data-decided-by={route.decidedBy}>
      <Alert severity={route.samu ? 'info' : 'warning'} sx={{ mb: 1 }} data-testid="route-sentence">{routeSentence(t, route)}</Alert>
      <Stack component="ol" spacing={0.5} sx={{ pl: 0, m: 0, listStyle: 'none' }}>
        {route.steps.map((s, i) => (
          <Box component="li" key={`${s.rule}-${i}`} data-testid="route-step" data-rule={s.rule} data-matched={s.matched}
            sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', opacity: s.matched || route.decidedBy === s.rule ? 1 : 0.8 }}>
            {s.matched ? <CheckCircle fontSize="small" color="success" /> : <RadioButtonUnchecked fontSize="small" color="disabled" />}
            <Box sx={{ minWidth: 0 }}>
              <Typography variant="body2" fontWeight={route.decidedBy === s.rule ? 700 : 400}>
                {t('hub.routes.explain.step', { n: i + 1, rule: t(`hub.routes.explain.rules.${s.rule}`) })}
                {' — '}
                {s.matched ? t('hub.routes.explain.matched') : t('hub.routes.explain.notMatched')}
              </Typography>
              {Object.keys(s.detail).length > 0 && (
                <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 0.25 }}>
                  {/* The detail's keys are the core's (editor, department, regulator, samu…): shown as they come. */}
                  {Object.entries(s.detail).map(([k, v]) => (
                    <Chip key={k} size="small" variant="outlined" label={`${t(`hub.routes.explain.detail.${k}`, { defaultValue: k })} : ${v}`} />
                  ))}
                </Box>
              )}
            </Box>
          </Box>
        ))}
      </Stack>
      {route.blocked.length > 0 && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          <BlockReasons reasons={route.blocked} />
        </Alert>
      )}
    </Box>
  );
}
