/**
 * A download of a page family in development (src/render/families.ts), as FamilyRoute.astro is for
 * its pages: injected for each file route by src/integrations/page-families.ts on the dev server.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { devPage, devPaths } from './family-pages.ts';

export const getStaticPaths = (({ routePattern }) => devPaths(routePattern)) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ routePattern, params }) => {
  const shown = await devPage(routePattern, params);
  if (!('file' in shown)) throw new Error(`${routePattern} is a page, served by src/render/FamilyRoute.astro`);
  return shown.file;
};
