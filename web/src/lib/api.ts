/** The public API as the UI uses it: bearer token from the session, errors as ApiError. */
import type { IndustryInference } from './api-shapes';

export type { CallStatus, Dimension, IndustrySource, Role } from '../../../shared/vocabulary';
/**
 * The call shapes are generated (shared/api-types.gen.ts from api/routes/calls.schema.ts); these
 * are their names, and the parts the pages take apart.
 */
export type {
  CallListItem,
  CallListPage,
  CallSummary,
  CallView,
  CoachingOpportunity,
  DemoUser,
  Finding,
  IndustryInference,
  Me,
  RepSummary,
  ScoreChange,
  ScoreItem,
  Utterance,
} from './api-shapes';
/** One overlay concept that spoke for an industry (the canonical term, its category, how often). */
export type IndustryEvidence = IndustryInference['candidates'][number]['evidence'][number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'tingjian.token';

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (t: string) => localStorage.setItem(TOKEN_KEY, t),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

/** Fired when the stored token is refused (revoked, expired, user disabled): the session ends. */
export const UNAUTHORIZED_EVENT = 'tingjian:unauthorized';

function refused(status: number, storedToken: boolean) {
  if (status === 401 && storedToken) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
}

async function toError(res: Response): Promise<ApiError> {
  let body: { error?: { code?: string; message?: string; details?: unknown } } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON: keep the status only
  }
  return new ApiError(
    res.status,
    body.error?.code ?? `http_${res.status}`,
    body.error?.message ?? res.statusText,
    body.error?.details,
  );
}

/** Requests index.html started before the app ran, by path (see web/index.html). */
interface EarlyRequests {
  token: string;
  responses: Record<string, Promise<Response> | undefined>;
}

/**
 * The answer to a GET that index.html already asked for with this token, taken once (a later
 * request, a reload, asks the server again); null when there is none.
 */
function takeEarly(path: string, token: string | null): Promise<Response> | null {
  const early = (window as { __tjEarly?: EarlyRequests }).__tjEarly;
  const res = early && token && early.token === token ? early.responses[path] : undefined;
  if (!early || !res) return null;
  delete early.responses[path];
  return res;
}

/** One request to the API; JSON in, JSON out. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; query?: Record<string, unknown> } = {},
): Promise<T> {
  const token = init.token === undefined ? tokenStore.get() : init.token;
  const qs = init.query
    ? new URLSearchParams(
        Object.entries(init.query)
          .filter(([, v]) => v !== undefined && v !== null && v !== '')
          .map(([k, v]) => [k, String(v)]),
      ).toString()
    : '';
  const early = (init.method ?? 'GET') === 'GET' && !qs ? takeEarly(path, token) : null;
  const ask = () =>
    fetch(qs ? `${path}?${qs}` : path, {
      method: init.method ?? 'GET',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  // An early request that failed on the network is simply asked again.
  const res = early ? await early.catch(ask) : await ask();
  if (!res.ok) {
    refused(res.status, init.token === undefined && !!token);
    throw await toError(res);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

/** Downloads a response body as a file (exports). */
export async function download(path: string, filename: string): Promise<void> {
  const token = tokenStore.get();
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    refused(res.status, !!token);
    throw await toError(res);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * POST with upload progress (fetch has none): a transcript JSON as application/json, an audio
 * file as multipart/form-data.
 */
export function uploadWithProgress<T>(
  path: string,
  body: { json: string } | { form: FormData },
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    const token = tokenStore.get();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', '网络错误，上传失败'));
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(parsed as T);
      } else {
        refused(xhr.status, !!token);
        const e = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)
          ?.error;
        reject(
          new ApiError(xhr.status, e?.code ?? `http_${xhr.status}`, e?.message ?? xhr.statusText, e?.details),
        );
      }
    };
    if ('json' in body) {
      xhr.setRequestHeader('content-type', 'application/json');
      xhr.send(body.json);
    } else {
      xhr.send(body.form);
    }
  });
}

/** True when the API answered that the route does not exist (a feature not deployed yet). */
export const isMissingRoute = (e: unknown) =>
  e instanceof ApiError && e.status === 404 && /^no route/.test(e.message);
