import * as z from 'zod';

/** Frontmatter of an explainer page in content/learn/ (the site's own pages, not the archive's). */
export const LearnPage = z.strictObject({
  title: z.string().min(1),
  description: z.string().min(1).describe('One or two sentences: the page description and its entry on /learn/.'),
  order: z.int().describe('Position on /learn/.'),
});
export type LearnPage = z.infer<typeof LearnPage>;
