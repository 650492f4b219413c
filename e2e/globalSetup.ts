import { buildWeb } from './buildWeb';

/** Builds once for all end-to-end files. */
export default async function setup(): Promise<void> {
  await buildWeb();
}
