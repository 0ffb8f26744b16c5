import * as grpc from '@grpc/grpc-js';
import type { SnapshotCache } from './cache.js';
import { deltaStream } from './delta.js';
import type { Logger } from './log.js';
import { decodeDeltaRequest, decodeSotwRequest } from './requests.js';
import type { ServerContext } from './session.js';
import { XDS_SERVICES, type XdsService } from './services.js';
import { typeOf } from './snapshot.js';
import { sotwStream } from './sotw.js';
import type { StatusBook } from './status.js';
import type { XdsStream } from './stream.js';
import { sotwResponse } from './wire.js';

/** Options of the xDS gRPC server. */
export interface XdsServerOptions {
  /** Snapshots by group (node.cluster). */
  cache: SnapshotCache;
  /** ACK/NACK bookkeeping. */
  status: StatusBook;
  /** Structured log. */
  log: Logger;
  /** Largest request or response in bytes (default 64 MiB; gRPC's 4 MiB breaks large resource sets). */
  maxMessageBytes?: number;
  /** Interval of server keepalive pings in ms (default 30 s), so dead clients are noticed. */
  keepaliveMs?: number;
  /** Transport security (TLS, mTLS); plaintext when absent. */
  credentials?: grpc.ServerCredentials;
}

/** A running xDS server. */
export interface XdsServer {
  /** The port it listens on. */
  port: number;
  /** Streams currently open. */
  openStreams(): number;
  /** Graceful shutdown: GOAWAY, every stream ended (clients reconnect elsewhere), forced after graceMs. */
  shutdown(graceMs?: number): Promise<void>;
}

type Bytes = Buffer;
type Duplex = grpc.ServerDuplexStream<Bytes, Bytes>;

const raw = {
  requestSerialize: (b: Bytes): Bytes => b,
  requestDeserialize: (b: Bytes): Bytes => b,
  responseSerialize: (b: Bytes): Bytes => b,
  responseDeserialize: (b: Bytes): Bytes => b,
};

function definition(service: XdsService): grpc.ServiceDefinition {
  const method = (name: string, streaming: boolean): grpc.MethodDefinition<Bytes, Bytes> => ({
    path: `/${service.service}/${name}`,
    requestStream: streaming,
    responseStream: streaming,
    ...raw,
  });
  return {
    [service.stream]: method(service.stream, true),
    [service.delta]: method(service.delta, true),
    ...(service.fetch ? { [service.fetch]: method(service.fetch, false) } : {}),
  };
}

/** Serves one bidirectional stream with a protocol state machine. */
function serveStream<Request>(
  call: Duplex,
  ctx: ServerContext,
  calls: Set<Duplex>,
  decode: (bytes: Uint8Array) => Request,
  make: (send: (bytes: Uint8Array) => void) => XdsStream<Request>,
): void {
  calls.add(call);
  const stream = make((bytes) => {
    if (!call.writableEnded && !call.destroyed) call.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    calls.delete(call);
    stream.close();
  };
  call.on('data', (bytes: Bytes) => {
    let request: Request;
    try {
      request = decode(bytes);
    } catch (error) {
      ctx.log.warn('xds.bad_request', { error: error instanceof Error ? error.message : String(error) });
      call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'malformed discovery request' });
      close();
      return;
    }
    stream.onRequest(request);
  });
  call.on('end', () => {
    close();
    call.end();
  });
  call.on('cancelled', close);
  call.on('error', close);
  call.on('close', close);
}

/** Unary Fetch*: the current resources of the service's type for the names asked (all when none). */
function fetch(ctx: ServerContext, typeUrl: string): grpc.handleUnaryCall<Bytes, Bytes> {
  return (call, callback) => {
    try {
      const req = decodeSotwRequest(call.request);
      const snapshot = req.node ? ctx.cache.get(req.node.cluster) : undefined;
      if (!snapshot) {
        callback({ code: grpc.status.NOT_FOUND, details: 'no snapshot for this node.cluster' });
        return;
      }
      const names = req.resourceNames.length === 0 || req.resourceNames.includes('*') ? null : new Set(req.resourceNames);
      callback(null, Buffer.from(sotwResponse(typeOf(snapshot, typeUrl).sotwBody(names).prefix, '')));
    } catch {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: 'malformed discovery request' });
    }
  };
}

/**
 * Starts the xDS server on host:port (port 0 = any): ADS state-of-the-world and delta, plus LDS, RDS,
 * CDS, EDS, SDS and ECDS as their own services. Responses are raw bytes assembled from pre-encoded
 * resources; requests are decoded with protobufjs.
 */
export async function startXdsServer(host: string, port: number, options: XdsServerOptions): Promise<XdsServer> {
  const maxBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxBytes,
    'grpc.max_send_message_length': maxBytes,
    'grpc.keepalive_time_ms': options.keepaliveMs ?? 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
  });
  const ctx: ServerContext = { cache: options.cache, status: options.status, log: options.log, unknownGroups: new Set() };
  const calls = new Set<Duplex>();
  for (const service of XDS_SERVICES) {
    const only = service.typeUrl;
    const implementation: grpc.UntypedServiceImplementation = {
      [service.stream]: (call: Duplex) => serveStream(call, ctx, calls, decodeSotwRequest, (send) => sotwStream(ctx, send, only)),
      [service.delta]: (call: Duplex) => serveStream(call, ctx, calls, decodeDeltaRequest, (send) => deltaStream(ctx, send, only)),
    };
    if (service.fetch && only) implementation[service.fetch] = fetch(ctx, only);
    server.addService(definition(service), implementation);
  }
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, options.credentials ?? grpc.ServerCredentials.createInsecure(), (error, actual) => (error ? reject(error) : resolve(actual)));
  });
  return {
    port: bound,
    openStreams: () => calls.size,
    shutdown(graceMs = 5_000) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
        // streams never end by themselves: end them so clients reconnect (to another server)
        for (const call of [...calls]) call.end();
      });
    },
  };
}
