import { version } from 'react';
import reactPackage from 'react-18/package.json';
import { version as domVersion } from 'react-dom';
import reactDomPackage from 'react-dom-18/package.json';
import { expect, it } from 'vitest';

// The widget's files bundle React from its `react-18` / `react-dom-18` devDependencies
// (scripts/build/bundledReact.ts); its tests must run on that React, not the workspace's 19.
it('runs on the React the widget bundles', () => {
  expect(version).toBe(reactPackage.version);
  expect(domVersion).toBe(reactDomPackage.version);
  expect(version.split('.')[0]).toBe('18');
});
