import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../web/src/components/app-providers.js';
import { SessionProvider } from '../../web/src/lib/session.js';
import LexiconsPage from '../../web/src/pages/lexicons.page.js';

describe('the lexicon page before its industry list has arrived (or when it failed)', () => {
  it('names the chosen industry in Chinese in the picker, never by its id', () => {
    // Server-side rendering runs no effect: the page is drawn as it first shows, no request answered.
    const html = renderToStaticMarkup(
      createElement(
        AppProviders,
        null,
        createElement(SessionProvider, null, createElement(MemoryRouter, null, createElement(LexiconsPage))),
      ),
    );
    const picker = /data-testid="industry"[\s\S]*?<\/div><\/div>/.exec(html)?.[0] ?? '';
    expect(picker).not.toBe('');
    expect(picker).toContain('医疗器械');
    expect(html.replace(/<[^>]+>/g, ' ')).not.toContain('medical_devices');
  });
});
