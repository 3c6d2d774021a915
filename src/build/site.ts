import { build } from 'astro';
import { validateCommand } from '../archive/cli.ts';
import { archiveRoot } from '../archive/root.ts';
import { inputFingerprint, writeStamp } from './fingerprint.ts';

/**
 * `npm run build`: validate the archive, then build the site. Validation runs first and on its own
 * so that a bad run file stops the build before anything is written to dist/.
 */
export async function buildSite(projectRoot: string): Promise<number> {
  const archive = archiveRoot(projectRoot);
  const fingerprint = await inputFingerprint(projectRoot, archive);
  const code = await validateCommand(archive, projectRoot);
  if (code !== 0) {
    console.error('\nThe site was not built: fix the problems above, then run `npm run build` again.');
    return code;
  }
  await build({ root: projectRoot });
  await writeStamp(projectRoot, fingerprint);
  return 0;
}
