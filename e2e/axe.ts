import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * axe-core's violations in the widget (its host element and open shadow root; the host page's own
 * markup is not the widget's to answer for), as "rule: help (targets)" lines. The script comes from node_modules, never from the network; the
 * fixture pages' CSP is bypassed by the test's browser context so it may run.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    type Result = { id: string; help: string; nodes: { target: unknown[] }[] };
    const { axe } = window as unknown as { axe: { run: (context: object, options: object) => Promise<{ violations: Result[]; passes: Result[] }> } };
    const results = await axe.run({ include: [['parley-widget']] }, {});
    // A context that matched nothing would pass everything: make sure the widget's parts were checked.
    if (!results.passes.some((pass) => pass.id === 'button-name')) throw new Error('axe checked no widget buttons');
    return results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')})`);
  });
}
