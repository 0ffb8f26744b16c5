import { test } from 'vitest';
import { descriptorFromProtos } from '../../../src/targets/envoy/validate/descriptor.js';
test('scratch', () => {
const t = performance.now();
const d = descriptorFromProtos('node_modules/@grpc/grpc-js-xds/deps', 'node_modules/protobufjs');
console.log('ms', performance.now()-t, JSON.stringify(d).length, JSON.stringify(d.rules).length, Object.keys(d.rules).length);
console.log(JSON.stringify(d.rules['envoy.config.cluster.v3.Cluster']).slice(0, 1500));
console.log(JSON.stringify(d.rules['envoy.config.route.v3.RouteMatch']));
console.log(JSON.stringify(d.rules['envoy.config.core.v3.HealthCheck']));
console.log(JSON.stringify(d.rules['envoy.config.core.v3.HeaderValue']));
});
