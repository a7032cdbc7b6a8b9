// The reference Hookboard's webhook routes are measured against, run as its own process: a bare
// Express 5 JSON echo route (parse the JSON body, answer it), the least a Node webhook route does.
import express from "express";

const [portArg = "0"] = process.argv.slice(2);
const app = express();
app.use(express.json());
app.post("/echo", (req, res) => {
  res.json(req.body);
});

const server = app.listen(Number(portArg), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : portArg}\n`);
});
