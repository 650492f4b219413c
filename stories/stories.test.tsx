import { describe, it } from 'vitest';
import { composeStories } from '@storybook/react';

type StoryModule = Parameters<typeof composeStories>[0];
/** What a composed story offers here; `composeStories` types its values per module, unknown for a glob. */
type RunnableStory = { run: () => Promise<void> };

// Every story in every file, rendered with its play function: a story that throws fails the suite.
// Live play functions wait for an in-page engine and a scripted agent, so they get more than 5 s.
const storyTimeoutMs = 20_000;
const modules = import.meta.glob<StoryModule>('./**/*.stories.tsx', { eager: true });

describe.each(Object.entries(modules))('%s', (_path, module) => {
  const stories = Object.entries(composeStories(module)) as Array<[string, RunnableStory]>;
  it.each(stories)('%s renders', async (_name, Story) => {
    await Story.run();
  }, storyTimeoutMs);
});
