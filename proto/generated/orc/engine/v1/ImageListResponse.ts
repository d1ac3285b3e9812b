// Original file: proto/engine.proto

import type { ImageSummary as _orc_engine_v1_ImageSummary, ImageSummary__Output as _orc_engine_v1_ImageSummary__Output } from '../../../orc/engine/v1/ImageSummary.js';

export interface ImageListResponse {
  'images'?: (_orc_engine_v1_ImageSummary)[];
}

export interface ImageListResponse__Output {
  'images': (_orc_engine_v1_ImageSummary__Output)[];
}
