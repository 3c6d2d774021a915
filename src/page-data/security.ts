/**
 * The site's security headers, in one place: public/_headers carries them for hosts that read it
 * (Netlify, Cloudflare Pages), and every page repeats the policy in a <meta http-equiv> for hosts
 * that set no headers (GitHub Pages). test/unit/page-data/security.test.ts keeps the two in step.
 */

/**
 * Everything from the site's own origin, nothing else, and no inline script or style at all
 * (scripts are files: astro.config.mjs never inlines them). Pagefind compiles its WebAssembly
 * ('wasm-unsafe-eval'); it runs on the page's thread (the search page passes noWorker), so no
 * worker is allowed.
 */
const POLICY: [string, string][] = [
  ['default-src', "'none'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['style-src', "'self'"],
  ['img-src', "'self'"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['manifest-src', "'self'"],
  ['form-action', "'self'"],
  ['base-uri', "'none'"],
  ['object-src', "'none'"],
];

/** Directives a browser ignores, with a console warning, when they come in a <meta> element. */
const HEADER_ONLY: [string, string][] = [['frame-ancestors', "'none'"]];

/** What only script needs: under default-src 'none', leaving these out forbids it. */
const SCRIPT_ONLY = new Set(['script-src', 'connect-src', 'font-src', 'manifest-src']);

const join = (directives: [string, string][]) => directives.map(([k, v]) => `${k} ${v}`).join('; ');

/** The policy as the <meta http-equiv="content-security-policy"> of every page. */
export const CSP_META = join(POLICY);

/**
 * The <meta> policy of the pages that show untrusted text and need no script (examples, their
 * lists, the cross-endpoint pages): nothing runs there, not even the site's own script. A page
 * obeys both this and the header, so it is the stricter of the two wherever headers are sent.
 */
export const CSP_META_NO_SCRIPT = join(POLICY.filter(([directive]) => !SCRIPT_ONLY.has(directive)));

/** The policy as an HTTP header. */
export const CSP_HEADER = join([...POLICY, ...HEADER_ONLY]);

/** Links to other sites send only the origin, and nothing from https to http. */
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** public/_headers, exactly. */
export function headersFile(): string {
  return `# Security headers for hosts that read this file; test/unit/page-data/security.test.ts keeps it equal to src/page-data/security.ts.
/*
  Content-Security-Policy: ${CSP_HEADER}
  X-Content-Type-Options: nosniff
  Referrer-Policy: ${REFERRER_POLICY}
`;
}
