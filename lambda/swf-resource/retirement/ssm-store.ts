import { createHash } from 'node:crypto';
import { DeleteParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { parseRecord, RetirementRecord, RetirementStore } from './records';

export { RETIREMENT_PATH_VARIABLE } from '../../../lib/common/type-retirement';

/**
 * Pending retirements as SSM parameters (standard tier, String), one per type version: `<path>/<hash of the physical
 * id>` holding the record as JSON. SWF names may hold characters SSM names may not, hence the hash.
 */
export class SsmRetirementStore implements RetirementStore {
  constructor(
    private readonly ssm: SSMClient,
    /** `/cdk-swf/<stack>/retirements`, no trailing slash. */
    private readonly path: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async list(): Promise<RetirementRecord[]> {
    const records: RetirementRecord[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.ssm.send(new GetParametersByPathCommand({ Path: this.path, Recursive: false, MaxResults: 10, NextToken: nextToken }));
      for (const parameter of page.Parameters ?? []) {
        const record = parseRecord(safeJson(parameter.Value));
        if (record) records.push(record);
        else this.log(`retirement: ignoring parameter ${parameter.Name}: not a cdk-swf retirement record`);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return records;
  }

  async put(record: RetirementRecord): Promise<void> {
    await this.ssm.send(
      new PutParameterCommand({
        Name: this.nameOf(record.physicalId),
        Value: JSON.stringify(record),
        Type: 'String',
        Overwrite: true,
        Description: `cdk-swf: deprecate ${record.physicalId} once nothing can use it`.slice(0, 1024),
      }),
    );
  }

  async remove(physicalId: string): Promise<void> {
    try {
      await this.ssm.send(new DeleteParameterCommand({ Name: this.nameOf(physicalId) }));
    } catch (error) {
      if ((error as { name?: string }).name !== 'ParameterNotFound') throw error;
    }
  }

  private nameOf(physicalId: string): string {
    return `${this.path}/${createHash('sha256').update(physicalId).digest('hex').slice(0, 40)}`;
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
