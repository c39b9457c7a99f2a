import { Box, Chip, type ChipProps, Typography } from '@mui/material';
import type { ReactElement } from 'react';

interface Props<S extends string> {
  /** The states, in the order shown. */
  states: readonly S[];
  counts: Partial<Record<S, number>>;
  /** The states the filter keeps now: their chips are filled. */
  selected: readonly S[] | undefined;
  onToggle(state: S): void;
  colors: Record<S, NonNullable<ChipProps['color']>>;
  icons: Record<S, ReactElement>;
  /** The words before the chips, and each chip's label (and tooltip, when there is one). */
  heading: string;
  label(state: S, count: number): string;
  help?(state: S): string;
  /** The row's test id; each chip's is `${chipTestId}-${state}`. */
  testId: string;
  chipTestId: string;
}

/** How many rows each state has over the whole filter; a chip toggles its state in the filter (regulators' accounts, transmissions). */
export function StateCountChips<S extends string>({ states, counts, selected, onToggle, colors, icons, heading, label, help, testId, chipTestId }: Props<S>) {
  return (
    <Box sx={{ display: 'flex', gap: 0.75, alignItems: 'center', flexWrap: 'wrap', mb: 1 }} data-testid={testId}>
      <Typography variant="body2" color="text.secondary">{heading}</Typography>
      {states.map((s) => {
        const on = selected?.includes(s) ?? false;
        const count = counts[s] ?? 0;
        return (
          <Chip
            key={s}
            size="small"
            color={colors[s]}
            icon={icons[s]}
            variant={on ? 'filled' : 'outlined'}
            label={label(s, count)}
            title={help?.(s)}
            onClick={() => onToggle(s)}
            aria-pressed={on}
            data-testid={`${chipTestId}-${s}`}
            data-count={count}
          />
        );
      })}
    </Box>
  );
}
