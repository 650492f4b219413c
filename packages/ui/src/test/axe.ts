import axe from 'axe-core';

/**
 * Runs axe-core on rendered DOM. jsdom computes no colours or layout, so the rules that need them
 * (contrast) are off here; Storybook in a browser covers those.
 */
export async function axeViolations(root: Element): Promise<string[]> {
  // axe probes a canvas to spot icon fonts; jsdom has none and logs a loud "not implemented".
  // No canvas context just means "no icon ligatures here".
  HTMLCanvasElement.prototype.getContext = () => null;
  const results = await axe.run(root, { rules: { 'color-contrast': { enabled: false } } });
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
