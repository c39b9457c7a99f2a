import { TableRow, type TableRowProps } from '@mui/material';

type Props = Omit<TableRowProps, 'hover' | 'tabIndex' | 'sx' | 'onClick' | 'onKeyDown'> & { onOpen(): void; onToggle(): void };

/**
 * A row of a table with a selection: a click or Enter opens it, Space toggles its selection (its checkbox
 * cell stops the click), and keyboard focus shows.
 */
export function SelectableRow({ onOpen, onToggle, children, ...rest }: Props) {
  return (
    <TableRow
      hover
      tabIndex={0}
      {...rest}
      sx={{ cursor: 'pointer', '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: -2 } }}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (e.key === 'Enter') onOpen();
        if (e.key === ' ') {
          e.preventDefault();
          onToggle();
        }
      }}
    >
      {children}
    </TableRow>
  );
}
