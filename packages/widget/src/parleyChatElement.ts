import type { WidgetHandle } from './handle';
import type { WidgetOptions } from './options';
import { optionsFromAttributes, resolveOptions } from './options';

type Mount = (options: Partial<WidgetOptions>) => WidgetHandle;

/**
 * `<parley-chat server="…" room="support" theme="dark">`: the widget rendered inline where the element
 * is. Each element mounts its own widget (own client, own store), so two never share state.
 */
export function defineParleyChat(mount: Mount, tagName = 'parley-chat'): void {
  if (typeof customElements === 'undefined' || customElements.get(tagName)) return;
  customElements.define(
    tagName,
    class ParleyChatElement extends HTMLElement {
      #handle: WidgetHandle | undefined;

      connectedCallback(): void {
        if (this.#handle) return;
        const options = resolveOptions({ ...optionsFromAttributes(this, location.origin), target: this });
        this.#handle = mount(options);
      }

      disconnectedCallback(): void {
        this.#handle?.unmount();
        this.#handle = undefined;
      }

      /** The widget's controls, for scripts that hold the element. */
      get widget(): WidgetHandle | undefined {
        return this.#handle;
      }
    },
  );
}
