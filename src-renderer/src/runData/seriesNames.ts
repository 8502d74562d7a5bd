import type { ApiInput, CoherencePoint } from '../../../src-main/api/contract';

/**
 * The names the renderer reads series by, taken from the API contract so a name added there
 * reaches every view (and a name removed there fails the type-check here).
 */
export type SeriesName = ApiInput<'runs.series'>['series'];
export type SubsetName = ApiInput<'runs.series'>['subset'];
export type ProbeName = CoherencePoint['probe'];
