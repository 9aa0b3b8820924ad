/**
 * The standard call settings a reader hands to the pipeline, in core's names. Core's own
 * `CallSettings` (contract v3) replaces this mirror once it is on main; until then the pipeline
 * passes them as call options all the same, in one place (`callOptionsOf`).
 */
export interface CallSettings {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  stopSequences?: readonly string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
}
