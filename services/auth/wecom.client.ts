import { z } from 'zod';
import { SsoFailure, SsoReason } from './sso-failure.js';

/** A WeCom (企业微信) self-built app that offers scan-to-sign-in (网页授权登录). */
export interface WecomSettings {
  corpId: string;
  agentId: string;
  /** The app's Secret (corpsecret of gettoken). */
  secret: string;
  /** This server's callback, on a domain the app trusts: `<base>/v1/auth/wecom/callback`. */
  redirectUri: string;
  /** Server API base (default https://qyapi.weixin.qq.com); a stand-in in tests. */
  apiBase: string;
  /** The scan-to-sign-in page (default https://login.work.weixin.qq.com/wwlogin/sso/login). */
  loginUrl: string;
}

/** The issuer a WeCom identity is mapped under: one corp, its userids as subjects. */
export const wecomIssuer = (corpId: string) => `wecom:${corpId}`;

const ZGetToken = z.looseObject({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  access_token: z.string().optional(),
  expires_in: z.number().optional(),
});
const ZUserInfo = z.looseObject({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  userid: z.string().optional(),
  /** Older answers spell it UserId. */
  UserId: z.string().optional(),
  openid: z.string().optional(),
  external_userid: z.string().optional(),
});

/** WeCom errcodes of an access token that is no longer valid: fetch a new one and retry once. */
const TOKEN_STALE = new Set([40014, 42001, 41001]);
/** WeCom errcodes of a code that cannot be used (invalid, used, expired, of another app). */
const CODE_REFUSED = new Set([40029, 40163, 42003, 50001]);

/**
 * WeCom scan-to-sign-in (developer.work.weixin.qq.com, 企业微信 网页登录): the browser goes to
 * the login page with appid=corpid, agentid, redirect_uri and state; WeCom sends it back with
 * `code` and `state`; the server gets an app access token (GET /cgi-bin/gettoken?corpid&
 * corpsecret, cached until shortly before `expires_in`) and exchanges the code for the member's
 * userid (GET /cgi-bin/auth/getuserinfo?access_token&code). A code is good once, for 5 minutes.
 */
export class WecomClient {
  private token: { value: string; until: number } | null = null;

  constructor(
    readonly settings: WecomSettings,
    private readonly options: { timeoutMs?: number; now?: () => number } = {},
  ) {}

  get issuer(): string {
    return wecomIssuer(this.settings.corpId);
  }

  /** The scan-to-sign-in page for this app. */
  loginUrl(state: string): string {
    const url = new URL(this.settings.loginUrl);
    url.searchParams.set('login_type', 'CorpApp');
    url.searchParams.set('appid', this.settings.corpId);
    url.searchParams.set('agentid', this.settings.agentId);
    url.searchParams.set('redirect_uri', this.settings.redirectUri);
    url.searchParams.set('state', state);
    return url.toString();
  }

  /** The userid of the corp member who scanned; SsoFailure when WeCom refuses the code. */
  async userIdForCode(code: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const accessToken = await this.accessToken();
      const body = ZUserInfo.safeParse(
        await this.get('/cgi-bin/auth/getuserinfo', { access_token: accessToken, code }),
      );
      if (!body.success) throw new SsoFailure(SsoReason.ProviderUnavailable, 'getuserinfo answered nonsense');
      const { errcode = 0, errmsg = '' } = body.data;
      if (errcode !== 0 && TOKEN_STALE.has(errcode) && attempt === 0) {
        this.token = null;
        continue;
      }
      if (errcode !== 0 && CODE_REFUSED.has(errcode))
        throw new SsoFailure(SsoReason.CodeRejected, `WeCom refused the code: ${errcode} ${errmsg}`);
      if (errcode !== 0)
        throw new SsoFailure(SsoReason.ProviderUnavailable, `getuserinfo errcode ${errcode} ${errmsg}`);
      const userId = body.data.userid ?? body.data.UserId;
      // Someone outside the corp (a WeChat user) gets an openid only: never a member here.
      if (!userId)
        throw new SsoFailure(SsoReason.NotMapped, 'the WeCom account is not a member of this corp', {
          subject: null,
        });
      return userId;
    }
  }

  private async accessToken(): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.token && now < this.token.until) return this.token.value;
    const body = ZGetToken.safeParse(
      await this.get('/cgi-bin/gettoken', { corpid: this.settings.corpId, corpsecret: this.settings.secret }),
    );
    if (!body.success || (body.data.errcode ?? 0) !== 0 || !body.data.access_token)
      throw new SsoFailure(
        SsoReason.ProviderUnavailable,
        `WeCom gettoken failed: ${body.success ? `${body.data.errcode} ${body.data.errmsg ?? ''}` : 'nonsense'}`.trim(),
      );
    // Renewed five minutes early (expires_in is 7200 s).
    const ttlMs = Math.max(60, (body.data.expires_in ?? 7200) - 300) * 1000;
    this.token = { value: body.data.access_token, until: now + ttlMs };
    return this.token.value;
  }

  private async get(path: string, query: Record<string, string>): Promise<unknown> {
    const url = new URL(`${this.settings.apiBase.replace(/\/+$/, '')}${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
    } catch (err) {
      // Never the URL: it carries the secret or the access token.
      throw new SsoFailure(
        SsoReason.ProviderUnavailable,
        `WeCom ${path} unreachable: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (!res.ok)
      throw new SsoFailure(SsoReason.ProviderUnavailable, `WeCom ${path} answered HTTP ${res.status}`);
    return res.json().catch(() => null);
  }
}
