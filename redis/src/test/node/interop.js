// A Node app on express-session + connect-redis, as a user of sessioncheck would have beside the
// Java app. RedisInteropTest starts it with REDIS_URL, PREFIX and SECRET and reads the port it
// prints. GET /write?user=x sets req.session.user and counts req.session.views;
// GET /read answers the session as JSON; GET /set?name=n&json=v sets one attribute from JSON.
"use strict";
const http = require("http");
const session = require("express-session");
const RedisStore = require("connect-redis").default;
const { createClient } = require("redis");

const client = createClient({ url: process.env.REDIS_URL });
client.on("error", (err) => console.error("redis client:", err.message));

client.connect().then(() => {
  const middleware = session({
    store: new RedisStore({ client, prefix: process.env.PREFIX }),
    secret: process.env.SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { maxAge: 3600000, sameSite: "lax" },
  });
  const server = http.createServer((req, res) => {
    middleware(req, res, (err) => {
      res.setHeader("content-type", "application/json");
      if (err) {
        res.statusCode = 500;
        return res.end(JSON.stringify({ error: String(err) }));
      }
      const url = new URL(req.url, "http://localhost");
      if (url.pathname === "/write") {
        req.session.user = url.searchParams.get("user");
        req.session.views = (req.session.views || 0) + 1;
      } else if (url.pathname === "/set") {
        req.session[url.searchParams.get("name")] = JSON.parse(url.searchParams.get("json"));
      } else if (url.pathname !== "/read") {
        res.statusCode = 404;
        return res.end("{}");
      }
      // express-session saves the session when the response ends.
      res.end(JSON.stringify({ id: req.sessionID, session: req.session }));
    });
  });
  server.listen(0, "127.0.0.1", () => console.log("LISTENING " + server.address().port));
}, (err) => {
  console.error("cannot connect to redis:", err.message);
  process.exit(2);
});
