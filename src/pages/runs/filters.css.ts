import type { APIRoute } from 'astro';
import { getRuns } from '../../page-data/data.ts';
import { filterStylesheet } from '../../page-data/filters.ts';

/** Served as a file, not inlined, so that pages need no inline style under a Content-Security-Policy. */
export const GET: APIRoute = async () =>
  new Response(filterStylesheet(await getRuns()), { headers: { 'Content-Type': 'text/css; charset=utf-8' } });
