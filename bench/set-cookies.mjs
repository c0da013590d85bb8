// Puts cookies into a running Chromium (started with --remote-debugging-port) through the
// DevTools protocol, as a browser that signed in has them. Lighthouse then audits the
// signed-in page in that browser (`lighthouse --port`): it keeps cookies between its runs.
// Request headers (`--extra-headers`) are not enough since issue 22: the page's own script
// reads `document.cookie` to learn that there is a session at all.
//
// node --experimental-websocket bench/set-cookies.mjs PORT URL name=value[;httponly] ...
const [port, url, ...pairs] = process.argv.slice(2);
const version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
const socket = new WebSocket(version.webSocketDebuggerUrl);
await new Promise((opened, failed) => {
  socket.onopen = opened;
  socket.onerror = failed;
});
const cookies = pairs.map((pair) => {
  const [nameValue, flag] = pair.split(";");
  const at = nameValue.indexOf("=");
  return { name: nameValue.slice(0, at), value: nameValue.slice(at + 1), url, sameSite: "Strict", httpOnly: flag === "httponly" };
});
const answered = new Promise((answer) => {
  socket.onmessage = (message) => answer(JSON.parse(message.data));
});
socket.send(JSON.stringify({ id: 1, method: "Storage.setCookies", params: { cookies } }));
const answer = await answered;
socket.close();
if (answer.error) {
  console.error(`set-cookies: ${answer.error.message}`);
  process.exit(1);
}
