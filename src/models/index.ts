// The models package's public surface: import from here, not from the files behind it.
export { createModel, estimatorFromParams, modelFromJSON, parseModelConfig, type CreateOptions } from './factory.ts';
export { MeanImputer, Pipeline, StandardScaler, type PipelineJSON, type PipelineParams } from './pipeline.ts';
export { fitMany, type FitTask } from './fit-many.ts';
export { fitRows, fitRowsMany, fitRowsModels, rowsMatrix, shareRows, type RowSource, type RowsTask } from './fit-rows.ts';
export {
  MODEL_SCHEMA,
  MODEL_SCHEMA_VERSION,
  type Estimator,
  type FeatureImportance,
  type FitOptions,
  type ModelJSONBase,
  type ModelType,
} from './estimator.ts';
export {
  at,
  column,
  createMatrix,
  matrixFromColumns,
  matrixFromRows,
  sliceRows,
  takeRows,
  type FloatArray,
  type Layout,
  type Matrix,
} from './matrix.ts';
export { Ridge, type RidgeJSON, type RidgeParams } from './ridge.ts';
export { IncrementalRidge } from './incremental-ridge.ts';
export { Gbdt, type GbdtJSON } from './gbdt/gbdt.ts';
export type { GbdtParams } from './gbdt/params.ts';
export { explainRows, type Contributions } from './explain.ts';
export { choleskyInPlace, choleskySolveInPlace } from './linalg.ts';
