// What "no value reached the DOM as HTML" means on one page: no payload ran (window.__xss), and the
// DOM holds nothing a payload could have made: no inline event-handler attribute, no script that is
// not one of the console's own files, no javascript: URL in a link or source.
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

export async function injectedMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    if ((window as { __xss?: unknown }).__xss !== undefined) found.push('window.__xss was set');
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`<${el.localName} ${attr.name}="${attr.value}">`);
        if (/(^|:)(href|src|action|formaction)$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value)) {
          found.push(`<${el.localName} ${attr.name}="${attr.value}">`);
        }
      }
    }
    for (const script of document.querySelectorAll('script')) {
      const src = script.getAttribute('src');
      if (!src || new URL(src, location.href).origin !== location.origin) found.push(`<script> ${script.textContent?.slice(0, 80)}`);
    }
    return found;
  });
}

/** Asserts the page is clean, naming the page in the failure. */
export async function expectNoInjection(page: Page, what: string) {
  expect(await injectedMarkup(page), `${what} (${page.url()})`).toEqual([]);
}

/**
 * `visit(path, texts)` opens a page of the sandbox, `check(what, texts)` looks at the current one:
 * each text must show, visibly and as text, and then the whole DOM must be clean.
 */
export function xssVisitor(page: Page, sandbox: string) {
  async function check(what: string, texts: string[]) {
    for (const text of texts) await expect(page.getByText(text).filter({ visible: true }).first(), `${what}: "${text}"`).toBeVisible();
    await expectNoInjection(page, what);
  }
  async function visit(path: string, texts: string[]) {
    await page.goto(`/${sandbox}${path}`);
    await check(path, texts);
  }
  return { visit, check };
}
