// chat.ts — the TypeScript twin of chat.yaml: the same gateway, built with wsctl's typed DSL.
// `wsctl validate examples/chat.ts` and `wsctl compile examples/chat.ts --target all --out out/` load it
// directly (no build step); it compiles to exactly what chat.yaml compiles to.
import { backend, duration, file, gateway, jwtProvider, listener, route } from 'wsctl';

const publicListener = listener({
  name: 'public',
  port: 8443,
  tls: { certFile: file('tls/chat.crt'), keyFile: file('tls/chat.key'), minVersion: '1.2' },
});

const chatServers = backend({
  name: 'chat-servers',
  endpoints: [
    { address: '10.0.0.11', port: 8080, weight: 3 },
    { address: '10.0.0.12', port: 8080 },
  ],
  affinity: { type: 'cookie', cookie: { name: 'WSAFFINITY', ttl: duration.hours(1) } },
  connectTimeout: '5s',
  maxConnections: 10000,
});

const main = jwtProvider({
  name: 'main',
  issuer: 'https://auth.example.com',
  audiences: ['chat'],
  jwksFile: file('auth/jwks.json'),
  tokenFrom: [{ header: 'Authorization' }, { queryParam: 'access_token' }],
  forwardClaims: { sub: 'X-User-Id' },
});

export default gateway({
  name: 'chat',
  listeners: [publicListener],
  routes: [
    route({
      name: 'chat-ws',
      match: { hosts: ['chat.example.com'], path: '/ws' },
      backend: chatServers,
      websocket: { idleTimeout: duration.minutes(5), plainHttp: 'reject' },
      allowedOrigins: ['https://chat.example.com'],
      auth: { jwt: main },
      rateLimit: { connectionsPerClient: 20, handshakesPerSecondPerClient: 5, burst: 10 },
    }),
  ],
  limits: { maxConnections: 8192, drainTimeout: duration.minutes(5) },
  accessLog: { format: 'json' },
});
