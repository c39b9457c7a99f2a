/**
 * What an editor's OperationOutcome says, as one readable line (severity, code, diagnostics or details.text,
 * expression), for the account's failure and the journal; the raw body stays in the journal. Bodies that are
 * not an OperationOutcome give their first characters.
 */
export function operationOutcomeText(body: string | null, max = 500): string {
  if (!body) return '';
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body.slice(0, max).replace(/\s+/g, ' ').trim();
  }
  const oo = json as { resourceType?: unknown; issue?: unknown };
  if (oo?.resourceType !== 'OperationOutcome' || !Array.isArray(oo.issue)) return body.slice(0, max).replace(/\s+/g, ' ').trim();
  const parts = (oo.issue as Record<string, unknown>[]).map((i) => {
    const details = i.details as { text?: unknown; coding?: { code?: unknown; display?: unknown }[] } | undefined;
    const text = typeof i.diagnostics === 'string' ? i.diagnostics : typeof details?.text === 'string' ? details.text : (details?.coding?.[0]?.display ?? details?.coding?.[0]?.code ?? '');
    const where = Array.isArray(i.expression) ? ` (${(i.expression as unknown[]).filter((e) => typeof e === 'string').join(', ')})` : '';
    return `${typeof i.severity === 'string' ? i.severity : 'error'} ${typeof i.code === 'string' ? i.code : ''}: ${String(text)}${where}`.replace(/\s+/g, ' ').trim();
  });
  const line = parts.join(' ; ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
