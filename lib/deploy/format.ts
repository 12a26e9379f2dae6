/** Small text helpers shared by the plan table, apply's lines and error messages. */

/** A setting's value in messages: quoted, or `(unset)`. */
export function show(value: string | undefined): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}

/** `2 AWS::IAM::Role, 1 AWS::Lambda::Function`, in order of first appearance. */
export function countByType(types: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  return [...counts.entries()].map(([type, count]) => `${count} ${type}`).join(', ');
}
