// Original file: proto/dispatcher.proto


export interface LogSubscription {
  'subscription_id'?: (string);
  'task_ids'?: (string)[];
  'follow'?: (boolean);
  'tail'?: (number);
  'timestamps'?: (boolean);
  'close'?: (boolean);
}

export interface LogSubscription__Output {
  'subscription_id': (string);
  'task_ids': (string)[];
  'follow': (boolean);
  'tail': (number);
  'timestamps': (boolean);
  'close': (boolean);
}
