// Interop check with a WebSocket client that is not Qt's: Node's built-in WebSocket
// (undici). Exercises the handshake, subscribe, publish -> ack + message with UTF-8,
// a typed error, and close 1003 for a binary frame. Exits non-zero on any mismatch.
const [, , url, token] = process.argv;
const fail = (why) => { console.error("interop: FAIL: " + why); process.exit(1); };
const timer = setTimeout(() => fail("timeout"), 10000);
const text = "héllo from node ✓ 🎉";
const seen = {};

const ws = new WebSocket(url);
ws.onerror = (e) => fail("socket error " + (e.message || ""));
ws.onopen = () => ws.send(JSON.stringify({ type: "hello", protocol: 1, token, client: "node-interop" }));
ws.onmessage = (event) => {
  const f = JSON.parse(event.data);
  seen[f.type] = f;
  if (f.type === "welcome") {
    ws.send(JSON.stringify({ type: "subscribe", id: "s1", room: "interop" }));
  } else if (f.type === "subscribed") {
    if (f.id !== "s1" || f.seq !== 0 || f.recovered !== false) fail("subscribed " + event.data);
    ws.send(JSON.stringify({ type: "publish", id: 2, room: "interop", kind: "chat", body: { text } }));
  } else if (f.type === "message" || f.type === "ack") {
    if (seen.message && seen.ack) {
      if (seen.message.body.text !== text) fail("text mangled: " + seen.message.body.text);
      if (seen.ack.seq !== 1 || seen.message.seq !== 1) fail("seq");
      ws.send(JSON.stringify({ type: "publish", id: 3, room: "interop", kind: "chat", body: { text: 5 } }));
    }
  } else if (f.type === "error") {
    if (f.id !== 3 || f.code !== "bad_request" || !f.message.startsWith("body.text")) fail("error " + event.data);
    ws.send(new Uint8Array([1, 2, 3]));
  }
};
ws.onclose = (e) => {
  clearTimeout(timer);
  if (e.code !== 1003) fail("expected close 1003 after a binary frame, got " + e.code);
  console.log("interop: ok (welcome, subscribed, ack, message, error, close 1003)");
  process.exit(0);
};
