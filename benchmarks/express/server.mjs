// The express twin of the sessioncheck demo (examples/.../DemoApp.java), for the end-to-end
// benchmark: same routes, same secret, same cookie (connect.sid, HttpOnly, SameSite=Lax, path /,
// no max-age), resave and saveUninitialized off, the session regenerated at login and destroyed at
// logout, the session saved before the redirect goes out (as express-session's README does).
//
//   node server.mjs --port 18081 --secret S [--store memory | --store redis://127.0.0.1:6379 --key-prefix P]
import express from "express";
import session from "express-session";

function option(name, fallback) {
  const i = process.argv.indexOf("--" + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(option("port", "18081"));
const secret = option("secret", undefined);
const storeUrl = option("store", "memory");
const keyPrefix = option("key-prefix", "sessbench:node:");
if (!secret) {
  console.error("--secret is required");
  process.exit(2);
}

let store; // undefined = express-session's MemoryStore
let redisClient;
if (storeUrl !== "memory") {
  const { createClient } = await import("redis");
  const { RedisStore } = await import("connect-redis");
  redisClient = createClient({ url: storeUrl });
  redisClient.on("error", (err) => console.error("redis:", err.message));
  await redisClient.connect();
  store = new RedisStore({ client: redisClient, prefix: keyPrefix });
}

const MAX_USER_LENGTH = 64;
const app = express();
app.disable("x-powered-by");
app.disable("etag");
app.use(
  session({
    secret,
    name: "connect.sid",
    store,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: "lax", path: "/", secure: false },
  }),
);
app.use(express.urlencoded({ extended: false, limit: "8kb" }));

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function text(res, status, body) {
  res.status(status).set({ "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  res.type("text/plain; charset=utf-8").send(body + "\n");
}

app.get("/", (req, res) => {
  req.session.views = (req.session.views || 0) + 1;
  const status = req.session.user ? `Logged in as <b>${escapeHtml(req.session.user)}</b>.` : "Not logged in.";
  res.set({ "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  res.type("text/html; charset=utf-8").send(
    `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>express twin</title></head>\n<body>\n` +
      `<p id="status">${status}</p>\n<p id="views">Views of this page in this session: ${req.session.views}</p>\n` +
      `<form method="post" action="/login"><input name="user" required><button>Log in</button></form>\n` +
      `<form method="post" action="/logout"><button>Log out</button></form>\n</body>\n</html>\n`,
  );
});

app.get("/me", (req, res) => {
  if (!req.session.user) {
    return text(res, 401, "not logged in");
  }
  res.set({ "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  res.type("text/html; charset=utf-8").send(
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>me</title></head>\n` +
      `<body><p>Logged in as <b id="user">${escapeHtml(req.session.user)}</b>.</p>\n` +
      `<form method="post" action="/logout"><button type="submit">Log out</button></form>\n</body></html>\n`,
  );
});

app.post("/login", (req, res) => {
  const user = typeof req.body?.user === "string" ? req.body.user.trim() : "";
  if (user.length === 0 || user.length > MAX_USER_LENGTH) {
    return text(res, 400, `form field 'user' must be 1 to ${MAX_USER_LENGTH} characters`);
  }
  // A new id at login, nothing of the anonymous session carried over.
  req.session.regenerate((err) => {
    if (err) {
      return text(res, 503, "login failed: the session store is unavailable; try again");
    }
    req.session.user = user;
    req.session.save((saveErr) => {
      if (saveErr) {
        return text(res, 503, "login failed: the session store is unavailable; try again");
      }
      res.redirect(303, "/me");
    });
  });
});

app.post("/logout", (req, res) => {
  req.session.destroy((err) => {
    if (err) {
      return text(res, 503, "logout incomplete: the session store failed");
    }
    // express-session leaves the cookie; the Java demo clears it, so do the same here.
    res.clearCookie("connect.sid", { path: "/", httpOnly: true, sameSite: "lax" });
    res.redirect(303, "/");
  });
});

const server = app.listen(port, "127.0.0.1", () => {
  console.log(`express twin on http://127.0.0.1:${port}/ (store: ${storeUrl})`);
});

function stop() {
  server.close(async () => {
    if (redisClient) {
      await redisClient.quit().catch(() => {});
    }
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
