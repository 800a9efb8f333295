// The files the page itself is made of: our static HTML/JS/CSS and the Vega bundles, served from
// node_modules (everything ships with edgelab; no CDN, the machine may be offline). A fixed map
// from URL name to file, so no part of a URL ever becomes a path here.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'static');

/** The directory of a package's build output, found through its main entry (exports allow only "."). */
function buildDir(pkg: string): string {
  return dirname(require.resolve(pkg));
}

export interface Asset {
  file: string;
  type: string;
}

export function assets(): Record<string, Asset> {
  const js = 'text/javascript; charset=utf-8';
  return {
    'app.js': { file: join(STATIC_DIR, 'app.js'), type: js },
    'style.css': { file: join(STATIC_DIR, 'style.css'), type: 'text/css; charset=utf-8' },
    'vega.min.js': { file: join(buildDir('vega'), 'vega.min.js'), type: js },
    'vega-lite.min.js': { file: join(buildDir('vega-lite'), 'vega-lite.min.js'), type: js },
    'vega-embed.min.js': { file: join(buildDir('vega-embed'), 'vega-embed.min.js'), type: js },
  };
}

export const INDEX_HTML = join(STATIC_DIR, 'index.html');
