import { CfnTemplate, dependsOnList } from './template';

/** The logical ids of the template's resources a value refers to (Ref, Fn::GetAtt, Fn::Sub). */
export function referencedResources(value: unknown, resourceIds: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const note = (name: unknown) => {
    if (typeof name === 'string' && resourceIds.has(name)) found.add(name);
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, argument] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'Ref') note(argument);
      else if (key === 'Fn::GetAtt') note(typeof argument === 'string' ? argument.split('.')[0] : Array.isArray(argument) ? argument[0] : undefined);
      else if (key === 'Fn::Sub') {
        const text = typeof argument === 'string' ? argument : Array.isArray(argument) ? argument[0] : undefined;
        if (typeof text === 'string') {
          for (const match of text.matchAll(/\$\{([^!}][^}.]*)[^}]*\}/g)) note(match[1]);
        }
      }
      walk(argument);
    }
  };
  walk(value);
  return found;
}

/** Each resource's direct dependencies: DependsOn plus every resource its properties refer to. */
export function directDependencies(template: CfnTemplate): Map<string, Set<string>> {
  const resources = template.Resources ?? {};
  const ids = new Set(Object.keys(resources));
  const graph = new Map<string, Set<string>>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    const dependencies = referencedResources(resource.Properties ?? {}, ids);
    for (const dependency of dependsOnList(resource)) {
      if (ids.has(dependency)) dependencies.add(dependency);
    }
    graph.set(logicalId, dependencies);
  }
  return graph;
}

/** Orders nodes so that each comes after everything it depends on; a cycle is an error naming its members. */
export function dependencyOrder(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: string, path: string[]) => {
    const seen = state.get(node);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(node)), node].join(' -> ');
      throw new Error(`circular dependency between resources: ${cycle}`);
    }
    state.set(node, 'visiting');
    for (const dependency of [...(graph.get(node) ?? [])].sort()) {
      if (graph.has(dependency)) visit(dependency, [...path, node]);
    }
    state.set(node, 'done');
    ordered.push(node);
  };
  [...graph.keys()].sort().forEach((node) => visit(node, []));
  return ordered;
}

/** For each of `subset`, the members of `subset` it depends on directly or through resources outside `subset`. */
export function dependenciesWithin(graph: ReadonlyMap<string, ReadonlySet<string>>, subset: ReadonlySet<string>): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const start of subset) {
    const reached = new Set<string>();
    const stack = [...(graph.get(start) ?? [])];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      if (subset.has(node)) reached.add(node);
      else stack.push(...(graph.get(node) ?? []));
    }
    result.set(start, [...reached].sort());
  }
  return result;
}
