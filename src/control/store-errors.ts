/** A write refused because the gateway is not at the version the writer expected (expectVersion), or changed under it too often. */
export class StoreConflict extends Error {}

/** A write refused because the store cannot take writes now (etcd unreachable); what is served keeps serving. */
export class StoreUnavailable extends Error {}

/** A write refused because the store cannot hold something that large (etcd's request size limit). */
export class StoreTooLarge extends Error {}
