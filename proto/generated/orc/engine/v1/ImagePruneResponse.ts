// Original file: proto/engine.proto

import type { PrunedImage as _orc_engine_v1_PrunedImage, PrunedImage__Output as _orc_engine_v1_PrunedImage__Output } from '../../../orc/engine/v1/PrunedImage.js';
import type { Long } from '@grpc/proto-loader';

export interface ImagePruneResponse {
  'deleted'?: (_orc_engine_v1_PrunedImage)[];
  'reclaimed'?: (number | string | Long);
}

export interface ImagePruneResponse__Output {
  'deleted': (_orc_engine_v1_PrunedImage__Output)[];
  'reclaimed': (string);
}
