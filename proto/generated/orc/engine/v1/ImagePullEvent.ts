// Original file: proto/engine.proto

import type { PullResolved as _orc_engine_v1_PullResolved, PullResolved__Output as _orc_engine_v1_PullResolved__Output } from '../../../orc/engine/v1/PullResolved.js';
import type { PullLayer as _orc_engine_v1_PullLayer, PullLayer__Output as _orc_engine_v1_PullLayer__Output } from '../../../orc/engine/v1/PullLayer.js';
import type { PullDone as _orc_engine_v1_PullDone, PullDone__Output as _orc_engine_v1_PullDone__Output } from '../../../orc/engine/v1/PullDone.js';

export interface ImagePullEvent {
  'resolved'?: (_orc_engine_v1_PullResolved | null);
  'layer'?: (_orc_engine_v1_PullLayer | null);
  'done'?: (_orc_engine_v1_PullDone | null);
  'event'?: "resolved"|"layer"|"done";
}

export interface ImagePullEvent__Output {
  'resolved'?: (_orc_engine_v1_PullResolved__Output | null);
  'layer'?: (_orc_engine_v1_PullLayer__Output | null);
  'done'?: (_orc_engine_v1_PullDone__Output | null);
  'event'?: "resolved"|"layer"|"done";
}
