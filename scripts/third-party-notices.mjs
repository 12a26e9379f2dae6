// Writes the third-party notices for a bundle: every npm package esbuild put into it (read from the build's
// metafile, so the list is exactly what ships), with its version, license and license text.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i;

/** The package directories (…/node_modules/<name>) that the bundle's inputs come from, sorted by package name. */
function bundledPackageDirectories(metafile, root) {
  const directories = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const parts = input.split('/');
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) continue;
    const nameParts = parts[at + 1].startsWith('@') ? 2 : 1;
    directories.add(join(root, ...parts.slice(0, at + 1 + nameParts)));
  }
  return [...directories].sort((a, b) => packageName(a).localeCompare(packageName(b)));
}

function packageName(directory) {
  const parts = directory.split(sep);
  const at = parts.lastIndexOf('node_modules');
  return parts.slice(at + 1).join('/');
}

function licenseTexts(directory) {
  return readdirSync(directory)
    .filter((file) => LICENSE_FILE.test(file))
    .sort()
    .map((file) => readFileSync(join(directory, file), 'utf8').trim());
}

/**
 * The notices text for the packages in `metafile`, whose input paths are relative to `root`. Packages that ship
 * the very same license text share one copy of it.
 */
export function thirdPartyNotices(metafile, root, bundleName) {
  const byText = new Map(); // license text -> the packages that ship it
  const seen = new Set();
  for (const directory of bundledPackageDirectories(metafile, root)) {
    const manifestPath = join(directory, 'package.json');
    if (!existsSync(manifestPath)) throw new Error(`third-party notices: no package.json in ${directory}`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const id = `${manifest.name}@${manifest.version}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const license = typeof manifest.license === 'string' ? manifest.license : manifest.license?.type;
    if (!license) throw new Error(`third-party notices: ${id} declares no license; check it before bundling it`);
    const texts = licenseTexts(directory);
    const text = texts.length > 0 ? texts.join('\n\n') : `(no license file shipped; the package declares ${license})`;
    const line = `- ${id} (${license})${manifest.homepage ? ` ${manifest.homepage}` : ''}`;
    byText.set(text, [...(byText.get(text) ?? []), line]);
  }
  const header =
    `Third-party software in ${bundleName}\n\n` +
    `The bundle is built with esbuild and contains code from the ${seen.size} npm packages below, ` +
    'each under its own license, reproduced here.\n';
  const sections = [...byText].map(([text, packages]) => `${packages.join('\n')}\n\n${text}\n`);
  return [header, ...sections].join(`\n${'-'.repeat(80)}\n\n`);
}
