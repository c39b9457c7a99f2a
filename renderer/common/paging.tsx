import { TablePagination } from '@mui/material';
import { useEffect } from 'react';

// Lists shown one page at a time, with the page in the URL (regulators, transmissions, directory).

function lastPageOf(total: number, pageSize: number): number {
  return Math.max(0, Math.ceil(total / pageSize) - 1);
}

/**
 * Once a page's rows are there (`data`), a page past the end (rows gone meanwhile, a hand-edited URL) falls
 * back to the last one.
 */
export function useLastPageFallback({ data, total, page, pageSize, onPage }: { data: unknown; total: number; page: number; pageSize: number; onPage(p: number): void }) {
  const lastPage = lastPageOf(total, pageSize);
  useEffect(() => {
    if (data && page > lastPage) onPage(lastPage);
  }, [data, page, lastPage]); // eslint-disable-line react-hooks/exhaustive-deps -- onPage is a new function each render
}

/** The pager under a table: fixed page size, a page past the end shown as the last one; nothing when there are no rows. */
export function PageFooter({ total, page, pageSize, onPage, testId }: { total: number; page: number; pageSize: number; onPage(p: number): void; testId: string }) {
  if (total === 0) return null;
  return (
    <TablePagination
      component="div"
      count={total}
      page={Math.min(page, lastPageOf(total, pageSize))}
      rowsPerPage={pageSize}
      rowsPerPageOptions={[pageSize]}
      onPageChange={(_, p) => onPage(p)}
      data-testid={testId}
    />
  );
}
