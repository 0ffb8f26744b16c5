/** Default bind address of the metrics listener: loopback, since metrics are not for the internet (the schema's default). */
export const DEFAULT_METRICS_ADDRESS = '127.0.0.1';
