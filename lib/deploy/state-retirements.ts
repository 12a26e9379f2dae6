import type { RetirementRecord, RetirementStore } from '../../lambda/swf-resource/engine';
import { StackState, writeState } from './state';

/** Pending retirements kept in a stack's state file, written at once like every other change to it. */
export function stateRetirementStore(state: StackState, stateFile: string): RetirementStore {
  const save = () => writeState(stateFile, state);
  return {
    list: async () => [...state.retirements],
    put: async (record: RetirementRecord) => {
      state.retirements = [...state.retirements.filter((r) => r.physicalId !== record.physicalId), record];
      save();
    },
    remove: async (physicalId: string) => {
      if (!state.retirements.some((r) => r.physicalId === physicalId)) return;
      state.retirements = state.retirements.filter((r) => r.physicalId !== physicalId);
      save();
    },
  };
}
