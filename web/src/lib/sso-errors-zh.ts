/**
 * Why an enterprise sign-in was refused (the server's `sso_error` codes, services/auth/
 * sso-failure.ts), in Chinese for the sign-in page. An unknown code still reads as a sentence.
 */
export const SSO_ERROR_ZH: Record<string, string> = {
  not_configured: '服务器未开启这种登录方式，请使用访问令牌登录或联系管理员。',
  state_invalid: '登录请求已失效或已被使用（例如刷新或重复打开了回调页面），请重新点击登录。',
  provider_denied: '身份提供方未完成授权（可能取消了登录），请重新登录。',
  provider_unavailable: '暂时无法连接企业身份服务，请稍后再试或联系管理员。',
  code_rejected: '授权码无效或已过期，请重新登录。',
  bad_signature: '身份凭证签名校验失败，已拒绝登录。请联系管理员检查身份提供方配置。',
  wrong_issuer: '身份凭证不是由本系统信任的身份提供方签发的，已拒绝登录。',
  wrong_audience: '身份凭证不是签发给本系统的，已拒绝登录。',
  token_expired: '身份凭证已过期（也可能是服务器时间不准），请重新登录。',
  token_invalid: '身份凭证格式不正确或尚未生效，已拒绝登录。',
  nonce_mismatch: '身份凭证与本次登录不匹配（疑似重放），已拒绝登录，请重新登录。',
  claim_missing: '身份提供方没有提供用于匹配账号的信息，请联系管理员。',
  email_unverified: '身份提供方未确认你的邮箱已验证，无法据此匹配账号，请联系管理员。',
  not_mapped: '你的企业账号尚未关联本系统的用户，系统不会自动创建账号。请联系管理员为你关联。',
  user_inactive: '关联的账号已停用，请联系管理员。',
  ticket_invalid: '登录凭据已使用或已过期，请重新登录。',
  too_many_attempts: '登录失败次数过多，请一分钟后再试。',
};

export function ssoErrorText(code: string): string {
  return SSO_ERROR_ZH[code] ?? '企业账号登录失败，请重新登录或联系管理员。';
}

/** The providers' names on the sign-in page. */
export const SSO_PROVIDER_ZH: Record<string, string> = {
  oidc: '企业账号登录',
  wecom: '企业微信扫码登录',
};
