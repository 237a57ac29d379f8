import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../web/src/lib/api.js';

/** The requests web/index.html starts before the app runs, as lib/api.ts finds them. */
type Early = { token: string; responses: Record<string, Promise<Response> | undefined> };

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

describe('api() and the requests index.html started early', () => {
  let stored: string | null;
  let fetched: string[];
  let win: { __tjEarly?: Early };

  beforeEach(() => {
    stored = 'tj_rep_token';
    fetched = [];
    win = {};
    vi.stubGlobal('window', win);
    vi.stubGlobal('localStorage', {
      getItem: () => stored,
      setItem: () => undefined,
      removeItem: () => undefined,
    });
    vi.stubGlobal('fetch', async (path: string) => {
      fetched.push(path);
      return json({ from: 'server', path });
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('takes the early answer once for the same token, then asks the server', async () => {
    win.__tjEarly = {
      token: 'tj_rep_token',
      responses: { '/v1/calls/call-1': Promise.resolve(json({ from: 'early' })) },
    };
    expect(await api('/v1/calls/call-1')).toEqual({ from: 'early' });
    expect(fetched).toEqual([]);
    expect(await api('/v1/calls/call-1')).toEqual({ from: 'server', path: '/v1/calls/call-1' });
    expect(fetched).toEqual(['/v1/calls/call-1']);
  });

  it('never uses an answer asked with another token, nor for a query, a POST or another path', async () => {
    win.__tjEarly = {
      token: 'tj_old_token',
      responses: { '/v1/me': Promise.resolve(json({ from: 'early' })) },
    };
    expect(await api('/v1/me')).toEqual({ from: 'server', path: '/v1/me' });
    win.__tjEarly = {
      token: 'tj_rep_token',
      responses: { '/v1/appeals': Promise.resolve(json({ from: 'early' })) },
    };
    await api('/v1/appeals', { query: { callId: 'call-1' } });
    await api('/v1/appeals', { method: 'POST', body: {} });
    await api('/v1/calls/call-2');
    expect(fetched).toEqual(['/v1/me', '/v1/appeals?callId=call-1', '/v1/appeals', '/v1/calls/call-2']);
  });

  it('asks again when the early request failed on the network', async () => {
    win.__tjEarly = {
      token: 'tj_rep_token',
      responses: { '/v1/me': Promise.reject(new TypeError('Failed to fetch')) },
    };
    expect(await api('/v1/me', { token: 'tj_rep_token' })).toEqual({ from: 'server', path: '/v1/me' });
    expect(fetched).toEqual(['/v1/me']);
  });

  it('hands an early error answer on as the API error it is', async () => {
    win.__tjEarly = {
      token: 'tj_rep_token',
      responses: {
        '/v1/calls/call-9': Promise.resolve(
          new Response(JSON.stringify({ error: { code: 'not_found', message: 'call not found' } }), {
            status: 404,
            headers: { 'content-type': 'application/json' },
          }),
        ),
      },
    };
    await expect(api('/v1/calls/call-9')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    expect(fetched).toEqual([]);
  });
});
