// A starter wsctl gateway in TypeScript. Check it with `wsctl validate gateway.ts`, then
// `wsctl compile gateway.ts --target nginx --out out/` (or haproxy, envoy, all). No build step:
// wsctl loads this module itself. Install wsctl in this project (npm i -D wsctl) for types in your editor.
import { backend, duration, gateway, listener, route } from 'wsctl';

const app = backend({
  name: 'app',
  endpoints: [{ address: '127.0.0.1', port: 9000 }],
  balance: 'leastConnections', // long-lived sockets: spread by live count
});

export default gateway({
  name: 'my-gateway', // DNS-label style, unique per control plane
  listeners: [listener({ name: 'public', port: 8080 })], // add tls: { certFile: file('tls/x.crt'), keyFile: file('tls/x.key') } for wss://
  routes: [
    route({
      name: 'socket',
      match: { path: '/ws' }, // a prefix; pathType: 'Exact' or 'Regex' for others
      backend: app, // by object (or by name: 'app')
      websocket: { idleTimeout: duration.minutes(5), plainHttp: 'reject' },
      // allowedOrigins: ['https://app.example.com'],
      // rateLimit: { connectionsPerClient: 20, handshakesPerSecondPerClient: 5, burst: 10 },
    }),
  ],
  limits: { maxConnections: 4096, drainTimeout: duration.minutes(5) }, // live sockets may finish this long after a reload
});
