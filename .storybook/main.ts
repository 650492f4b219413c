import { defaultClientConditions } from 'vite';
import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.stories.tsx'],
  // CI builds offline: no telemetry, no update checks, nothing that reaches out.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Autodocs: every component gets a Docs page (tags: ['autodocs'] in preview.ts) with its props
  // table, descriptions taken from the TSDoc on each prop.
  addons: ['@storybook/addon-docs'],
  // react-docgen-typescript runs the TypeScript compiler, so props declared in other files (the
  // shared window props, extended HTML attributes) resolve; it costs a few seconds of the build.
  typescript: {
    reactDocgen: 'react-docgen-typescript',
    reactDocgenTypescriptOptions: {
      // The program that knows the packages' sources and the story-only wrappers (stories/live).
      tsconfigPath: '.storybook/tsconfig.docgen.json',
      shouldExtractLiteralValuesFromEnum: true,
      shouldRemoveUndefinedFromOptional: true,
      // The component's own props, not the hundreds of DOM attributes it passes through.
      propFilter: (prop) => !prop.parent || !/node_modules/.test(prop.parent.fileName),
    },
  },
  viteFinal(viteConfig) {
    // Packages export `src/` under this condition, so stories run on the source without a build.
    viteConfig.resolve = { ...viteConfig.resolve, conditions: ['parley-source', ...defaultClientConditions] };
    return viteConfig;
  },
};

export default config;
