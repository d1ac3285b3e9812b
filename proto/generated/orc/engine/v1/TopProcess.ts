// Original file: proto/engine.proto


export interface TopProcess {
  'fields'?: (string)[];
}

export interface TopProcess__Output {
  'fields': (string)[];
}
