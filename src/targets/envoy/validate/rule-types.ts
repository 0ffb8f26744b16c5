/**
 * The subset of protoc-gen-validate (PGV) rule messages that wsctl checks, as the plain data
 * protobufjs parses out of `[(validate.rules) = {...}]` field options (snake_case keys, as in the .proto).
 */

/** A google.protobuf.Duration literal inside a rule (`gt: {seconds: 0}`). */
export interface DurationLiteral {
  /** Whole seconds. */
  seconds?: number | string;
  /** Nanoseconds. */
  nanos?: number;
}

/** Bounds and sets shared by every numeric rule (int32, uint32, int64, uint64, double, float...). */
export interface NumberRules {
  /** Exact value required. */
  const?: number | string;
  /** Exclusive upper bound. */
  lt?: number | string;
  /** Inclusive upper bound. */
  lte?: number | string;
  /** Exclusive lower bound. */
  gt?: number | string;
  /** Inclusive lower bound. */
  gte?: number | string;
  /** Allowed values. */
  in?: (number | string)[] | number | string;
  /** Forbidden values. */
  not_in?: (number | string)[] | number | string;
  /** Skip the rule when the value is the default. */
  ignore_empty?: boolean;
}

/** String rules. */
export interface StringRules {
  /** Exact value required. */
  const?: string;
  /** Exact length in characters (code points). */
  len?: number;
  /** Minimum length in characters. */
  min_len?: number;
  /** Maximum length in characters. */
  max_len?: number;
  /** Exact length in bytes (UTF-8). */
  len_bytes?: number;
  /** Minimum length in bytes. */
  min_bytes?: number;
  /** Maximum length in bytes. */
  max_bytes?: number;
  /** RE2 pattern the value must match (searched, as RE2 does). */
  pattern?: string;
  /** Required prefix. */
  prefix?: string;
  /** Required suffix. */
  suffix?: string;
  /** Required substring. */
  contains?: string;
  /** Forbidden substring. */
  not_contains?: string;
  /** Allowed values. */
  in?: string[] | string;
  /** Forbidden values. */
  not_in?: string[] | string;
  /** Well-known formats. */
  email?: boolean;
  /** A host name. */
  hostname?: boolean;
  /** An IP address. */
  ip?: boolean;
  /** An IPv4 address. */
  ipv4?: boolean;
  /** An IPv6 address. */
  ipv6?: boolean;
  /** An absolute URI. */
  uri?: boolean;
  /** A URI reference. */
  uri_ref?: boolean;
  /** A host name or an IP address. */
  address?: boolean;
  /** A UUID. */
  uuid?: boolean;
  /** HTTP_HEADER_NAME or HTTP_HEADER_VALUE. */
  well_known_regex?: 'HTTP_HEADER_NAME' | 'HTTP_HEADER_VALUE' | 'UNKNOWN';
  /** Strict RFC 7230 header checks (default true); false only forbids NUL, CR and LF. */
  strict?: boolean;
  /** Skip the rule when the value is empty. */
  ignore_empty?: boolean;
}

/** Enum rules. */
export interface EnumRules {
  /** Exact value required. */
  const?: number;
  /** The value must be one the enum defines. */
  defined_only?: boolean;
  /** Allowed numbers. */
  in?: number[] | number;
  /** Forbidden numbers. */
  not_in?: number[] | number;
}

/** Message-field rules. */
export interface MessageRules {
  /** The field must be set. */
  required?: boolean;
  /** Do not validate the nested message. */
  skip?: boolean;
}

/** Repeated-field rules. */
export interface RepeatedRules {
  /** Fewest items. */
  min_items?: number;
  /** Most items. */
  max_items?: number;
  /** Items must be distinct (scalars only). */
  unique?: boolean;
  /** Rules for each item. */
  items?: FieldRules;
  /** Skip when empty. */
  ignore_empty?: boolean;
}

/** Map-field rules. */
export interface MapRules {
  /** Fewest pairs. */
  min_pairs?: number;
  /** Most pairs. */
  max_pairs?: number;
  /** Rules for each key. */
  keys?: FieldRules;
  /** Rules for each value. */
  values?: FieldRules;
  /** Skip when empty. */
  ignore_empty?: boolean;
}

/** Duration rules. */
export interface DurationRules {
  /** The field must be set. */
  required?: boolean;
  /** Exact value. */
  const?: DurationLiteral;
  /** Exclusive upper bound. */
  lt?: DurationLiteral;
  /** Inclusive upper bound. */
  lte?: DurationLiteral;
  /** Exclusive lower bound. */
  gt?: DurationLiteral;
  /** Inclusive lower bound. */
  gte?: DurationLiteral;
  /** Allowed values. */
  in?: DurationLiteral[] | DurationLiteral;
  /** Forbidden values. */
  not_in?: DurationLiteral[] | DurationLiteral;
}

/** google.protobuf.Any rules. */
export interface AnyRules {
  /** The field must be set. */
  required?: boolean;
  /** Allowed type URLs. */
  in?: string[] | string;
  /** Forbidden type URLs. */
  not_in?: string[] | string;
}

/** The rules of one field: at most one kind is set, as in PGV's FieldRules oneof. */
export interface FieldRules {
  /** Message rules (apply to any message field). */
  message?: MessageRules;
  /** Numbers, by proto type. */
  float?: NumberRules;
  /** double rules. */
  double?: NumberRules;
  /** int32 rules. */
  int32?: NumberRules;
  /** int64 rules. */
  int64?: NumberRules;
  /** uint32 rules. */
  uint32?: NumberRules;
  /** uint64 rules. */
  uint64?: NumberRules;
  /** sint32 rules. */
  sint32?: NumberRules;
  /** sint64 rules. */
  sint64?: NumberRules;
  /** fixed32 rules. */
  fixed32?: NumberRules;
  /** fixed64 rules. */
  fixed64?: NumberRules;
  /** sfixed32 rules. */
  sfixed32?: NumberRules;
  /** sfixed64 rules. */
  sfixed64?: NumberRules;
  /** bool rules. */
  bool?: { /** Exact value. */ const?: boolean };
  /** string rules. */
  string?: StringRules;
  /** bytes rules (length and byte-pattern checks). */
  bytes?: StringRules;
  /** enum rules. */
  enum?: EnumRules;
  /** repeated rules. */
  repeated?: RepeatedRules;
  /** map rules. */
  map?: MapRules;
  /** Any rules. */
  any?: AnyRules;
  /** Duration rules. */
  duration?: DurationRules;
  /** Timestamp rules (only `required` is checked). */
  timestamp?: { /** The field must be set. */ required?: boolean };
}

/** What the checker knows about one message type. */
export interface TypeRules {
  /** Rules per field (proto field name). */
  fields?: Record<string, FieldRules>;
  /** Oneofs that must have a member set. */
  requiredOneofs?: string[];
  /** Fields marked deprecated: wsctl never emits them (Envoy warns, and may reject them). */
  deprecated?: string[];
  /** PGV validation is disabled for this message. */
  disabled?: boolean;
}

/** Rules of every message type, by full name without the leading dot. */
export type RuleTable = Record<string, TypeRules>;
