import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP_HEADER, CSP_META, headersFile } from '../../../src/page-data/security.ts';
import { PROJECT } from '../../helpers/paths.ts';

describe('the security headers', () => {
  it('public/_headers is what src/page-data/security.ts says', () => {
    expect(readFileSync(join(PROJECT, 'public', '_headers'), 'utf8')).toBe(headersFile());
  });

  it('allows no inline script or style, and nothing from another origin', () => {
    for (const policy of [CSP_HEADER, CSP_META]) {
      expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:|data:|blob:/);
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    }
  });

  it('keeps out of the <meta> policy what browsers ignore there', () => {
    expect(CSP_HEADER).toContain("frame-ancestors 'none'");
    expect(CSP_META).not.toContain('frame-ancestors');
  });
});
