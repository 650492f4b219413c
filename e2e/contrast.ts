import type { Page } from 'playwright-core';

/** One text or control boundary whose contrast is below WCAG AA. */
export interface ContrastFailure {
  what: string;
  text: string;
  ratio: number;
  required: number;
  foreground: string;
  background: string;
}

/**
 * WCAG 2.x contrast of every visible text / background pair inside the widget's shadow root (and any
 * `.parley` tree in the page), computed from Chromium's computed styles: text 4.5:1, large text
 * (24 px, or 18.66 px bold) 3:1, and the boundary of text fields against what is around them 3:1
 * (WCAG 1.4.11). Backgrounds are found by walking up to the first opaque one and compositing the
 * translucent ones on the way; `opacity` fades the text. Disabled controls are exempt, as in WCAG.
 */
export function contrastFailures(page: Page): Promise<ContrastFailure[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba => {
      const numbers = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0, numbers[3] ?? 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
    };
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (a: Rgba, b: Rgba) => {
      const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (light + 0.05) / (dark + 0.05);
    };
    const parentOf = (element: Element): Element | null => element.parentElement ?? ((element.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
    /** The colour behind an element: translucent layers composited down to the first opaque one (or the page's white). */
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let node: Element | null = element; node; node = parentOf(node)) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
      }
      return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    /** Opacity applied to an element's own text: the product of its and its ancestors' `opacity`. */
    const opacityOf = (element: Element) => {
      let product = 1;
      for (let node: Element | null = element; node; node = parentOf(node)) product *= Number(getComputedStyle(node).opacity);
      return product;
    };
    const css = (colour: Rgba) => `rgb(${colour.slice(0, 3).map(Math.round).join(' ')})`;
    const describe = (element: Element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`;

    const roots: (Document | ShadowRoot)[] = [document];
    for (const element of document.querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
    const failures: ContrastFailure[] = [];
    for (const root of roots) {
      for (const element of root.querySelectorAll('.parley, .parley *')) {
        if (!(element instanceof HTMLElement) || !element.checkVisibility({ opacityProperty: false, visibilityProperty: true })) continue;
        if (element.closest(':disabled, [aria-disabled="true"]')) continue;
        // Inputs drawn by their labels (the rating's radio buttons) are clipped to nothing: unseen.
        if (element.closest('.parley-visually-hidden')) continue;
        const style = getComputedStyle(element);
        const background = backgroundOf(element);
        const check = (text: string, colourText: string, required: number, what: string) => {
          const colour = parse(colourText);
          const foreground = over([colour[0], colour[1], colour[2], colour[3] * opacityOf(element)], background);
          const measured = ratio(foreground, background);
          if (measured < required) {
            failures.push({ what: `${what} ${describe(element)}`, text: text.slice(0, 40), ratio: Math.round(measured * 100) / 100, required, foreground: css(foreground), background: css(background) });
          }
        };
        const ownText = [...element.childNodes]
          .filter((node) => node.nodeType === Node.TEXT_NODE)
          .map((node) => node.textContent ?? '')
          .join('')
          .trim();
        if (ownText) {
          const size = parseFloat(style.fontSize);
          const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
          check(ownText, style.color, large ? 3 : 4.5, 'text');
        }
        if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
          if (element.value === '' && element.placeholder) check(element.placeholder, getComputedStyle(element, '::placeholder').color, 4.5, 'placeholder');
          const around = backgroundOf(parentOf(element)!);
          const border = over(parse(style.borderTopColor), around);
          const boundary = Math.max(ratio(border, around), ratio(backgroundOf(element), around));
          if (boundary < 3) {
            failures.push({ what: `field boundary ${describe(element)}`, text: element.name || element.placeholder, ratio: Math.round(boundary * 100) / 100, required: 3, foreground: css(border), background: css(around) });
          }
        }
      }
    }
    return failures;
  });
}
