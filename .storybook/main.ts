import { defaultClientConditions } from 'vite';
import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.stories.tsx'],
  // CI builds offline: no telemetry, no update checks, nothing that reaches out.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // react-docgen-typescript runs the TypeScript compiler over every component: slow, and the
  // stories document their props themselves.
  typescript: { reactDocgen: false },
  viteFinal(viteConfig) {
    // Packages export `src/` under this condition, so stories run on the source without a build.
    viteConfig.resolve = { ...viteConfig.resolve, conditions: ['parley-source', ...defaultClientConditions] };
    return viteConfig;
  },
};

export default config;
