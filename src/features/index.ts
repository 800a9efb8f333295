// The public face of features/: build point-in-time feature frames from in-memory data.
export { buildFeatures, buildFeaturesForWeeks, weeksOf, marketLines, REST_CAP_DAYS, type Target, type BuildOptions } from './build.ts';
export { featureSetId, featureColumns, requiredTables, checkData, type TableNeed } from './registry.ts';
export { valueOf, type FeatureFrame, type FeatureRow, type WeekAdjustmentReport } from './frame.ts';
export { buildMarketDesign, marketImplied, marketTarget, type DesignRow, type Market, type MarketDesign } from './design.ts';
export { betLineField, betLines, type BetLine, type LineMarketName } from './bet-line.ts';
export { firstKickoffs, kickoffMs, kickoffSortKey, knownBefore, resultKnownMs, RESULT_DELAY_MS } from './kickoff.ts';
export { rowsKey } from './row-identity.ts';
