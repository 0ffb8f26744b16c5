// A WebSocket echo backend for the compose stack: echoes every message, prefixed with its id.
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const id = process.argv[3] ?? `b${port}`;
const server = new WebSocketServer({ port, host: '127.0.0.1' });
server.on('connection', (socket) => socket.on('message', (data) => socket.send(`${id}:${data.toString()}`)));
process.stdout.write(`echo backend ${id} on ${port}\n`);
