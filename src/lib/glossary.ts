/** What the site's labels mean, said once and shown wherever the label appears. */

export const STATE_MEANING = {
  completed: 'Every planned example was evaluated and scored.',
  partial: 'The run stopped before it ended; the examples it reached are scored, the rest are missing.',
  failed: 'An error stopped the run before it produced results: there is no score.',
  cancelled: 'The run was stopped on purpose before it produced results: there is no score.',
} as const;

export const MODE_MEANING = {
  canonical: "The benchmark's standard prompt: comparable across providers.",
  custom: 'A prompt of the submitter’s own: the score reflects the prompt as well as the model.',
} as const;

export const SCOPE_MEANING = {
  full: 'Every example of the dataset was evaluated.',
  'by-design': 'A subset of the dataset, chosen before the run: smaller samples give less stable scores.',
  interrupted: 'The run stopped early: only the examples it reached are scored.',
} as const;

export const LEVEL_MEANING = {
  open: 'All seven dimensions are open: anyone can inspect, run, retrain and redistribute it.',
  inspectable: 'Weights, inference code and architecture are available: it can be run and examined.',
  described: 'Architecture and documentation are published, but it cannot be run independently.',
  opaque: 'Little is disclosed: results cannot be checked against the model itself.',
} as const;

export const DIMENSION_LABEL = {
  weights: 'Model weights',
  architecture: 'Architecture',
  training_methodology: 'Training methodology',
  training_data: 'Training data',
  inference_code: 'Inference code',
  documentation: 'Documentation',
  licence: 'Licence',
} as const;
