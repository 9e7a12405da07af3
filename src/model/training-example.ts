/** One labelled text for training or evaluating the student. */
export interface TrainingExample {
  /** The text the features are computed from. */
  text: string;
  label: string;
  /**
   * True when the source held only segmented tokens (stop words removed),
   * not the raw text; such rows train the model but are left out of
   * raw-text evaluation.
   */
  segmentedOnly: boolean;
  /** Rows sharing a group (exact duplicates) stay on one side of a split. */
  group: string;
  /** File and 1-based record number, for error messages and audits. */
  source: string;
}
