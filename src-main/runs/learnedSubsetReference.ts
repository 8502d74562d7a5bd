import type { RunConfig } from '../engine/config/configSchemas';
import { learnedSubsetSizes, type ReferenceLearnState } from '../engine/data/learnedSubset';
import { parseRunConfig } from '../engine/runConfig';
import type { ProjectStore } from '../store/projectStore';

/**
 * The reference run behind a config's dataset.learnedSubset, read from the project store:
 * its training examples' file indices and whether each was classified as its training label at
 * its last evaluation (stored learn times: "learned since" set). Checked when a run is created
 * (the run then records its sizes) and read again each time its trainer starts.
 */
export function referenceLearnState(store: ProjectStore, runId: number): ReferenceLearnState {
  const examples = store.artifacts.examples(runId);
  return {
    sourceIndex: Int32Array.from(examples, (e) => e.sourceIndex),
    learned: Uint8Array.from(examples, (e) => (e.learnedSinceStep !== null ? 1 : 0)),
  };
}

/**
 * A config with dataset.learnedSubset made concrete: the reference run is here, completed, on
 * the same dataset and has learn times; trainSize and testSize become the sizes of the 80 % and
 * 20 % parts. Throws an Error whose message says what is wrong with the reference (the caller
 * names the field); a config without learnedSubset is returned unchanged.
 */
export function resolveLearnedSubset(store: ProjectStore, config: RunConfig): RunConfig {
  const learned = config.dataset.learnedSubset;
  if (!learned) return config;
  const id = learned.referenceRun;
  // A parsed config always has it (engine/runConfig.ts); kept for a hand-built one.
  if (id === undefined) throw new Error('give the id of the reference run');
  const run = store.runs.get(id);
  if (!run) throw new Error(`there is no run ${id} in this project`);
  if (run.status !== 'completed') {
    throw new Error(
      `run ${id} is ${run.status}; easy/hard examples are read from a completed run's last evaluation`,
    );
  }
  const referenceDataset = parseRunConfig(run.config).dataset.name;
  if (referenceDataset !== config.dataset.name) {
    throw new Error(
      `run ${id} trained on "${referenceDataset}", this run on "${config.dataset.name}"; easy/hard examples must come from the same dataset`,
    );
  }
  if (!store.artifacts.hasLearnTimes(id)) {
    throw new Error(`run ${id} stored no learn times (it classified no training example right)`);
  }
  const sizes = learnedSubsetSizes(referenceLearnState(store, id));
  return {
    ...config,
    dataset: { ...config.dataset, trainSize: sizes.train, testSize: sizes.test },
  };
}
