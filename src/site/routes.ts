import { createRoutes } from '../lib/routes.ts';

/** The site's URLs under its configured base path. */
export const routes = createRoutes(import.meta.env.BASE_URL);
