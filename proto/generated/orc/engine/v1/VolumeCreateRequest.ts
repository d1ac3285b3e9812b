// Original file: proto/engine.proto


export interface VolumeCreateRequest {
  'name'?: (string);
  'driver'?: (string);
  'driver_opts'?: ({[key: string]: string});
  'labels'?: ({[key: string]: string});
}

export interface VolumeCreateRequest__Output {
  'name': (string);
  'driver': (string);
  'driver_opts': ({[key: string]: string});
  'labels': ({[key: string]: string});
}
