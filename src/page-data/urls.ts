import { createRoutes } from '../lib/routes.ts';

/** The site's URLs under its configured base path. */
export const routes = createRoutes(import.meta.env.BASE_URL);

/**
 * Where each label of the site is explained: badges and table headers link here. The anchors are
 * the ids of the explainer sections (content/learn/); the link checker verifies each one.
 */
export const explain = {
  run: routes.learn('how-results-work', 'what-a-run-is'),
  comparability: routes.learn('how-results-work', 'comparability'),
  prompt: routes.learn('how-results-work', 'canonical-vs-custom'),
  scope: routes.learn('how-results-work', 'sample-scope'),
  states: routes.learn('how-results-work', 'lifecycle-states'),
  rawOutputs: routes.learn('how-results-work', 'raw-outputs'),
  intervals: routes.learn('reading-scores', 'intervals'),
  paired: routes.learn('reading-scores', 'paired-tests'),
  spread: routes.learn('reading-scores', 'spread'),
  noAnswer: routes.learn('reading-scores', 'no-answer'),
  levels: routes.learn('openness', 'levels'),
  dimensions: routes.learn('openness', 'dimensions'),
} as const;
