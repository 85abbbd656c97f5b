/**
 * A sweep spec whose objective is known analytically (test/fixtures/analysis/objective.js:
 * loss = 3·x + 1.5·w + 2·[opt = sgd], d a log-uniform dummy), for the analyze and export tests.
 */
import { join } from 'node:path';
import { ROOT } from './support';

const OBJECTIVE = join(ROOT, 'test', 'fixtures', 'analysis', 'objective.js');
export const KNOWN_OBJECTIVE_SPEC = `type: sweep
name: known
trial:
  command: node ${JSON.stringify(OBJECTIVE)} --x \${{search_space.x}} --w \${{search_space.w}} --d \${{search_space.d}} --opt \${{search_space.opt}}
objective:
  goal: minimize
  primary_metric: loss
sampling_algorithm:
  type: random
  seed: 7
search_space:
  x:
    type: uniform
    min_value: 0
    max_value: 1
  w:
    type: uniform
    min_value: 0
    max_value: 1
  d:
    type: loguniform
    min_value: -9.2
    max_value: -2.3
  opt:
    type: choice
    values: [adam, sgd]
limits:
  max_total_trials: 60
  max_concurrent_trials: 4
`;
