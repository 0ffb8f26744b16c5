/**
 * Every diagnostic code wsctl emits, in one place, so codes stay stable and documented.
 * WS00xx: loading and schema; WS01xx: semantic checks; WS02xx: target capabilities; WS03xx: CLI/output.
 */
export const Codes = {
  /** The file cannot be read. */
  FILE_UNREADABLE: 'WS0001',
  /** The file is larger than the loader accepts. */
  FILE_TOO_LARGE: 'WS0002',
  /** YAML or JSON syntax error. */
  SYNTAX: 'WS0003',
  /** Too many alias expansions (billion laughs). */
  ALIAS_LIMIT: 'WS0004',
  /** Nesting deeper than the loader accepts. */
  TOO_DEEP: 'WS0005',
  /** A key appears twice in one mapping. */
  DUPLICATE_KEY: 'WS0006',
  /** The file holds no document. */
  EMPTY: 'WS0007',
  /** A TypeScript/JavaScript gateway module that does not compile or throws while loading. */
  MODULE_FAILED: 'WS0008',
  /** A gateway module whose default export is not a gateway (or an array of them). */
  NO_GATEWAY_EXPORT: 'WS0009',
  /** A field that the schema does not know. */
  UNKNOWN_FIELD: 'WS0010',
  /** A required field is missing. */
  MISSING_FIELD: 'WS0011',
  /** A value of the wrong type. */
  WRONG_TYPE: 'WS0012',
  /** A value outside an enumeration. */
  NOT_IN_ENUM: 'WS0013',
  /** A string that does not match its allow-list pattern. */
  BAD_FORMAT: 'WS0014',
  /** A number, string or list outside its allowed size or range. */
  OUT_OF_RANGE: 'WS0015',
  /** apiVersion or kind is not what wsctl reads. */
  WRONG_KIND: 'WS0016',
  /** An object that must hold exactly one of several fields. */
  ONE_OF: 'WS0017',
  /** A list with the same item twice. */
  DUPLICATE_ITEM: 'WS0018',
  /** Any other schema violation. */
  SCHEMA_OTHER: 'WS0019',
  /** Two items of a list share a name. */
  DUPLICATE_NAME: 'WS0101',
  /** A route names a listener that does not exist. */
  UNKNOWN_LISTENER: 'WS0102',
  /** A route names a backend that does not exist. */
  UNKNOWN_BACKEND: 'WS0103',
  /** A route names an auth provider that does not exist. */
  UNKNOWN_AUTH_PROVIDER: 'WS0104',
  /** Two routes match the same listener, host and path. */
  DUPLICATE_MATCH: 'WS0105',
  /** Two listeners (or a listener and the metrics listener) bind the same address and port. */
  PORT_CLASH: 'WS0106',
  /** A TLS option that needs another option or TLS itself. */
  TLS_OPTION: 'WS0107',
  /** Affinity without the settings its type needs, or with another type's. */
  AFFINITY_SETTINGS: 'WS0108',
  /** A referenced file does not exist or cannot be read. */
  FILE_MISSING: 'WS0109',
  /** A path that is not valid for its pathType. */
  BAD_PATH: 'WS0110',
  /** Timeouts that contradict each other. */
  TIMEOUT_ORDER: 'WS0111',
  /** Two gateways with one name. */
  DUPLICATE_GATEWAY: 'WS0112',
  /** A JWT provider without exactly one key source. */
  JWT_KEY_SOURCE: 'WS0113',
  /** A rate limit setting that needs another. */
  RATE_LIMIT: 'WS0114',
  /** A referenced file whose content is not what the field needs. */
  FILE_CONTENT: 'WS0115',
  /** A setting that has no effect with another one. */
  IGNORED_SETTING: 'WS0116',
  /** A header that wsctl manages itself and users may not set. */
  RESERVED_HEADER: 'WS0117',
  /** The gateway as a whole is larger than wsctl supports (e.g. more than 50,000 endpoints). */
  TOO_LARGE: 'WS0118',
  /** A feature the target cannot implement faithfully. */
  UNSUPPORTED_FEATURE: 'WS0201',
  /** A feature the target implements with a documented fallback (with --allow-degraded). */
  DEGRADED_FEATURE: 'WS0202',
  /** The generated config fails the target's own schema (Envoy's protos and validate.rules). */
  TARGET_REJECTED: 'WS0203',
  /** A target's emitter failed: a wsctl bug, never a property of the spec. */
  TARGET_INTERNAL: 'WS0204',
  /** A setting that needs more from the host than a typical machine gives (file descriptors). */
  HOST_LIMIT: 'WS0205',
  /** The spec holds several gateways and none was chosen. */
  GATEWAY_CHOICE: 'WS0301',
  /** A command line wsctl cannot run: unknown flag, missing argument (exit 2). */
  USAGE: 'WS0302',
  /** A command could not do its job for an expected reason (a file it cannot write, an unknown gateway) (exit 1). */
  COMMAND_FAILED: 'WS0303',
  /** An unexpected failure: a wsctl bug (exit 1). */
  INTERNAL: 'WS0304',
} as const;

/** One of the codes above. */
export type Code = (typeof Codes)[keyof typeof Codes];
