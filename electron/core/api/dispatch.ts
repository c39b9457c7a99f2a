import { contract, type ApiErrorBody, type OperationName } from '../../../shared/api/contract';
import { ApiError } from './api-error';
import type { Handlers } from './handlers';

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export type DispatchResult = { ok: true; result: unknown } | { ok: false; body: ApiErrorBody };

/** Shared by both transports: unknown operations and bad arguments never reach a handler. */
export async function dispatch(handlers: Handlers, name: string, rawInput: unknown): Promise<DispatchResult> {
  if (!isOperationName(name)) {
    return { ok: false, body: { error: { code: 'not-found', message: `Opération inconnue : ${name}.` } } };
  }
  const parsed = contract[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      body: {
        error: {
          code: 'invalid-input',
          message: 'Paramètres invalides pour cette opération.',
          details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    return { ok: true, result: await handler(parsed.data) };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, body: { error: { code: e.code, message: e.message, details: e.details } } };
    return { ok: false, body: { error: { code: 'internal', message: `Erreur interne : ${(e as Error).message}` } } };
  }
}
