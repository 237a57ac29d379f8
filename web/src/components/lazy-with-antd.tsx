import { type ComponentType, lazy } from 'react';

/**
 * A page (or part of one) drawn with antd, loaded when first shown together with antd's providers
 * (the product's theme, the Chinese locale, App's message and modal). The first page a rep opens
 * (sign-in, 我的通话) draws with its own small components and downloads no antd at all.
 */
export function lazyWithAntd<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => {
    const [Inner, { AppProviders }] = await Promise.all([load(), import('./app-providers')]);
    // biome-ignore lint/correctness/noComponentHookFactories: made once per lazy import, not per render
    function WithAntd(props: P) {
      return (
        <AppProviders>
          <Inner {...props} />
        </AppProviders>
      );
    }
    return { default: WithAntd };
  });
}
