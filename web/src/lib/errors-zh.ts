import { ApiError } from './api';

/**
 * The API's error codes (models/errors.ts, mapped to HTTP in api/http-errors.ts) in Chinese.
 * The API's own message is English and for operators; the UI shows these instead (the original
 * stays on the ApiError for debugging).
 */
export const ERROR_CODE_ZH: Record<string, string> = {
  invalid_input: '提交的内容有误，请检查后重试',
  unknown_industry: '不支持这个行业',
  invalid_lexicon: '词库内容不符合规则',
  invalid_scorecard: '评分卡内容不符合规则',
  not_found: '找不到要访问的内容，可能已被删除或你无权查看',
  model_unavailable: '识别模型暂不可用，请稍后再试',
  unauthorized: '登录已失效，请重新登录',
  forbidden: '你没有权限进行这个操作',
  conflict: '操作冲突：内容已被他人修改或已存在，请刷新后重试',
  payload_too_large: '文件或内容太大，超出服务器允许的上限',
  unsupported_media_type: '不支持这种文件格式',
  unprocessable: '内容格式正确，但引用的对象无法使用（例如销售不存在或已停用）',
  invalid_transition: '当前状态下不能进行这个操作，请刷新后查看最新状态',
  date_out_of_range: '日期超出可用范围（应在 2000 年到 2100 年之间）',
  uri_too_long: '请求地址太长，请减少筛选条件后重试',
  query_too_long: '搜索内容太长，请缩短后重试',
  no_content: '通话里没有任何文字内容（只有空格、标点或不可见字符）',
  unavailable: '服务暂时不可用，请稍后再试',
  too_many_requests: '登录失败次数过多，请稍后再试',
  internal: '服务器内部错误，请稍后再试或联系管理员',
  network: '网络连接失败，请检查网络后重试',
};

/** When a status has no code we know (a proxy's 502, an HTML error page). */
const STATUS_ZH: Record<number, string> = {
  400: ERROR_CODE_ZH.invalid_input!,
  401: ERROR_CODE_ZH.unauthorized!,
  403: ERROR_CODE_ZH.forbidden!,
  404: ERROR_CODE_ZH.not_found!,
  409: ERROR_CODE_ZH.conflict!,
  413: ERROR_CODE_ZH.payload_too_large!,
  414: ERROR_CODE_ZH.uri_too_long!,
  415: ERROR_CODE_ZH.unsupported_media_type!,
  422: ERROR_CODE_ZH.unprocessable!,
  502: '网关错误，服务器暂时无法访问',
  503: ERROR_CODE_ZH.unavailable!,
  504: '服务器响应超时，请稍后再试',
};

/** Any error the UI catches, as one Chinese sentence. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const byCode = ERROR_CODE_ZH[e.code];
    if (byCode) return byCode;
    if (e.status === 0) return ERROR_CODE_ZH.network!;
    return STATUS_ZH[e.status] ?? `服务出错（状态码 ${e.status}）`;
  }
  // fetch() rejects with a TypeError ("Failed to fetch", "NetworkError…", "Load failed") when the
  // server cannot be reached.
  if (e instanceof TypeError) return ERROR_CODE_ZH.network!;
  return '操作失败，请稍后再试';
}

/**
 * A failed call's reason (`<stage>: <English message>` from the worker) as a Chinese sentence; the
 * original is for a tooltip and the operators.
 */
export function failureText(reason: string | null | undefined): string {
  if (!reason) return '处理失败，原因未知，请重新上传或联系管理员';
  const stage = reason.split(':')[0]?.trim();
  if (stage === 'transcribe')
    return '转写失败：录音无法识别成文字（格式不支持、文件损坏或转写模型不可用），请检查录音后重新上传';
  if (stage === 'analyze' || stage === 'rescore')
    return '分析失败：转写稿无法分析（内容为空或格式有误），请检查后重新上传或联系管理员';
  return '处理失败，请重新上传或联系管理员';
}
