import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * axe-core's violations as "rule: help (targets)" lines: in the widget (its host element and open
 * shadow root; the host page's own markup is not the widget's to answer for), or over the whole page
 * (the console, which is its own page). The script comes from node_modules, never from the network;
 * the fixture pages' CSP is bypassed by the test's browser context so it may run.
 */
export async function axeViolations(page: Page, scope: 'widget' | 'page' = 'widget'): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async (widgetOnly) => {
    type Result = { id: string; help: string; nodes: { target: unknown[] }[] };
    const { axe } = window as unknown as { axe: { run: (context: object, options: object) => Promise<{ violations: Result[]; passes: Result[] }> } };
    const results = await axe.run(widgetOnly ? { include: [['parley-widget']] } : document, {});
    // A context that matched nothing would pass everything: make sure the widget's parts were checked.
    if (widgetOnly && !results.passes.some((pass) => pass.id === 'button-name')) throw new Error('axe checked no widget buttons');
    return results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')})`);
  }, scope === 'widget');
}
