import BaseLink from './BaseLink.astro';
import ExampleCard from './ExampleCard.astro';
import Figure from './Figure.astro';
import OpennessOverview from './OpennessOverview.astro';
import RunScore from './RunScore.astro';
import SpreadExample from './SpreadExample.astro';
import WorkedComparison from './WorkedComparison.astro';

/**
 * Components every MDX page of the site may use without importing them: the explainers in
 * content/learn/ and the benchmark explainers of the archive's registry.
 */
export const mdxComponents = {
  a: BaseLink,
  ExampleCard,
  Figure,
  OpennessOverview,
  RunScore,
  SpreadExample,
  WorkedComparison,
};
