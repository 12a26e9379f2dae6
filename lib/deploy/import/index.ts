import type { SWFClient } from '@aws-sdk/client-swf';
import { ImportedDomain, readDomainForImport } from './read-domain';
import { renderPython } from './render-python';
import { renderTypeScript } from './render-typescript';
import { buildStackModel, stackClassNameFor } from './stack-model';

export type ImportLanguage = 'typescript' | 'python';
export const IMPORT_LANGUAGES: readonly ImportLanguage[] = ['typescript', 'python'];

export interface ImportOptions {
  readonly domain: string;
  /** @default 'typescript' */
  readonly language?: ImportLanguage;
  /** Also read DEPRECATED types (written commented out). @default false */
  readonly includeDeprecated?: boolean;
  /** @default - from the domain name, e.g. `OrdersSwfStack` */
  readonly className?: string;
}

export interface ImportResult {
  readonly code: string;
  readonly className: string;
  readonly domain: ImportedDomain;
  /** Registered types written as code, and deprecated ones (written commented out, or left out). */
  readonly counts: { readonly workflowTypes: number; readonly activityTypes: number; readonly deprecated: number };
  /** One-line warnings (a deprecated domain ...). */
  readonly warnings: readonly string[];
  /** The one thing to do next. */
  readonly nextStep: string;
}

/** `cdk-swf import`: reads a domain and its types from SWF and returns CDK code that declares them exactly. */
export async function importDomain(swf: SWFClient, options: ImportOptions): Promise<ImportResult> {
  const domain = await readDomainForImport(swf, options.domain, { includeDeprecated: options.includeDeprecated });
  const className = options.className ?? stackClassNameFor(domain.name);
  const model = buildStackModel(domain, className);
  const code = (options.language ?? 'typescript') === 'python' ? renderPython(model) : renderTypeScript(model);
  const registered = (types: ReadonlyArray<{ status: string }>) => types.filter((t) => t.status === 'REGISTERED').length;
  const deprecated = [...domain.workflowTypes, ...domain.activityTypes].filter((t) => t.status === 'DEPRECATED').length;
  const warnings =
    domain.status === 'DEPRECATED' ? [`domain ${domain.name} is DEPRECATED in SWF: deploying this code undeprecates it`] : [];
  return {
    code,
    className,
    domain,
    counts: { workflowTypes: registered(domain.workflowTypes), activityTypes: registered(domain.activityTypes), deprecated },
    warnings,
    nextStep: `add ${className} to your CDK app and run \`cdk deploy\`: it adopts the domain and every type without writing to SWF (except the domain's tags); \`cdk-swf plan\` first shows only adopt`,
  };
}
