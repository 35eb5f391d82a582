// The Node `ws` 8 peer of bench/edge-bench.sh: the same minimal Roomcast protocol as
// roomcast-server speaks for the edge benchmark, written the naive way. hello -> welcome,
// subscribe -> subscribed, publish -> ack + a `message` with the room's next seq sent to
// every subscriber in a loop (JSON.stringify once per message, ws.send per subscriber).
// Nothing is stored, the token is not verified (its `sub` is read if it has one), no
// heartbeat. Prints the listening line roomcast-server prints, so the load generator
// treats both peers alike.
//
//   node ws-peer.mjs [--host 127.0.0.1] [--port 0]
import { WebSocketServer } from 'ws';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const host = option('host', '127.0.0.1');
const port = Number(option('port', '0'));
const node = `ws-peer-${process.pid}`;
const rooms = new Map(); // name -> { seq, subscribers: Set<WebSocket> }
let sessions = 0;

function room(name) {
  let r = rooms.get(name);
  if (!r) {
    r = { seq: 0, subscribers: new Set() };
    rooms.set(name, r);
  }
  return r;
}

function userOf(token) {
  try {
    const claims = JSON.parse(Buffer.from(String(token).split('.')[1], 'base64url'));
    if (typeof claims.sub === 'string') return { id: claims.sub, name: claims.name ?? claims.sub };
  } catch {
    // not a JWT: fall through
  }
  return { id: 'anonymous', name: 'anonymous' };
}

function reply(ws, frame) {
  ws.send(JSON.stringify(frame));
}

function onFrame(ws, state, data, isBinary) {
  if (isBinary) {
    ws.close(1003);
    return;
  }
  let m;
  try {
    m = JSON.parse(data);
  } catch {
    reply(ws, { type: 'error', code: 'bad_request', message: 'not JSON' });
    return;
  }
  if (!state.user) {
    if (m.type !== 'hello') {
      reply(ws, { type: 'error', code: 'bad_request', message: 'hello first' });
      ws.close(4001);
      return;
    }
    state.user = userOf(m.token);
    reply(ws, {
      type: 'welcome', id: m.id, protocol: 1, session: `s${++sessions}`, node, user: state.user,
      exp: Math.floor(Date.now() / 1000) + 3600,
      heartbeat: { interval_ms: 25000, timeout_ms: 10000 },
      limits: { max_frame_bytes: 65536, max_rooms: 1000, publish_per_s: 100000 },
    });
    return;
  }
  switch (m.type) {
    case 'subscribe': {
      const r = room(m.room);
      r.subscribers.add(ws);
      state.rooms.add(m.room);
      reply(ws, {
        type: 'subscribed', id: m.id, room: m.room, epoch: node, seq: r.seq, recovered: false,
        history: [], presence: [state.user],
      });
      return;
    }
    case 'publish': {
      const r = room(m.room);
      const seq = ++r.seq;
      const ts = new Date().toISOString();
      reply(ws, { type: 'ack', id: m.id, room: m.room, seq, ts });
      const text = JSON.stringify({
        type: 'message', room: m.room, seq, ts, from: state.user, kind: m.kind, body: m.body,
      });
      for (const subscriber of r.subscribers) subscriber.send(text);
      return;
    }
    case 'ping':
      reply(ws, { type: 'pong', id: m.id, ts: new Date().toISOString() });
      return;
    default:
      reply(ws, { type: 'error', id: m.id, code: 'bad_request', message: 'type: unknown' });
  }
}

const wss = new WebSocketServer({ host, port, path: '/ws', maxPayload: 65536 });
wss.on('connection', (ws) => {
  const state = { user: null, rooms: new Set() };
  ws.on('message', (data, isBinary) => onFrame(ws, state, data, isBinary));
  ws.on('error', () => {});
  ws.on('close', () => {
    for (const name of state.rooms) rooms.get(name)?.subscribers.delete(ws);
  });
});
wss.on('listening', () => {
  const a = wss.address();
  process.stdout.write(`roomcast-server listening on ws://${a.address}:${a.port}/ws node=${node}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close(() => process.exit(0));
  });
}
