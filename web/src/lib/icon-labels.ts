/**
 * antd's icon glyphs name themselves to screen readers after the icon, in English
 * (`<span role="img" aria-label="down">`), whatever the locale, and antd offers no setting for it.
 * This gives each glyph the name a Chinese user should hear: none when it decorates something that
 * already has a name (a select's arrow, an alert's symbol, an icon beside a button's text), or a
 * Chinese name when it is the only content of a control (a pagination arrow, a close button).
 */

/** Chinese names of the glyphs antd and our pages use as the only content of a control. */
export const ICON_ZH: Readonly<Record<string, string>> = {
  close: '关闭',
  'close-circle': '清除',
  search: '搜索',
  left: '上一页',
  right: '下一页',
  'double-left': '向前五页',
  'double-right': '向后五页',
  ellipsis: '更多',
  down: '展开',
  up: '收起',
  upload: '上传',
  'folder-open': '选择文件夹',
  delete: '删除',
  edit: '编辑',
  plus: '添加',
  minus: '减少',
  reload: '刷新',
  calendar: '选择日期',
  'swap-right': '至',
  'question-circle': '说明',
  'info-circle': '提示',
  'check-circle': '成功',
  'exclamation-circle': '注意',
  loading: '加载中',
  check: '已选',
};

/** A glyph's own English name: the icon's file name (lower case and dashes). */
const ICON_NAME = /^[a-z]+(?:-[a-z]+)*$/;
const CONTROL = 'button, a[href], [role="button"], [role="tab"], [role="menuitem"], [role="option"]';

/** Renames or hides one glyph; returns what it did (for tests). */
export function relabelIcon(el: Element): 'hidden' | 'named' | 'kept' {
  const name = el.getAttribute('aria-label');
  if (!name || !ICON_NAME.test(name)) return 'kept';
  const control = el.closest(CONTROL);
  const alone =
    control !== null &&
    !control.getAttribute('aria-label') &&
    (control.textContent ?? '').trim() === (el.textContent ?? '').trim();
  if (!alone) {
    el.removeAttribute('aria-label');
    el.setAttribute('aria-hidden', 'true');
    return 'hidden';
  }
  el.setAttribute('aria-label', ICON_ZH[name] ?? '操作');
  return 'named';
}

/** Every glyph in `root` (and `root` itself). */
export function relabelIcons(root: ParentNode & Partial<Element>): void {
  if (root.matches?.('.anticon[aria-label]')) relabelIcon(root as Element);
  for (const el of root.querySelectorAll('.anticon[aria-label]')) relabelIcon(el);
}

let observing = false;

/** Keeps relabelling as antd draws (once per page: the observer lives as long as the page). */
export function observeIconLabels(doc: Document = document): void {
  if (observing || typeof MutationObserver === 'undefined') return;
  observing = true;
  relabelIcons(doc.body);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') relabelIcons(r.target as Element);
      else for (const n of r.addedNodes) if (n.nodeType === 1) relabelIcons(n as Element);
    }
  }).observe(doc.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
}
