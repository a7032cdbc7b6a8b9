// The reference points Hookboard's webhook routes are measured against, each run as its own
// process: `echo` is a bare Express 5 JSON echo route; `monday-example` reimplements monday's
// example lifecycle handler (jsonwebtoken verify, log, answer; nothing stored).
import express from "express";
import jwt from "jsonwebtoken";

const [kind = "echo", portArg = "0", secret = ""] = process.argv.slice(2);
const app = express();
app.use(express.json());

if (kind === "echo") {
  app.post("/echo", (req, res) => {
    res.json(req.body);
  });
} else {
  // monday's quickstart: read the Authorization header, jwt.verify with the secret, log, 200
  app.post("/webhooks/lifecycle", (req, res) => {
    try {
      const token = req.headers.authorization ?? "";
      const claims = jwt.verify(token, secret, { algorithms: ["HS256"] }) as { accountId?: number };
      console.log(JSON.stringify({ level: "info", msg: "lifecycle event", type: (req.body as { type?: string }).type, accountId: claims.accountId }));
      res.status(200).send({});
    } catch {
      res.status(401).send({ error: "Unauthorized" });
    }
  });
}

const server = app.listen(Number(portArg), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : portArg}\n`);
});
