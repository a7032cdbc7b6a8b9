// `npm start`: Hookboard as it ships, through its public entry (built to dist/server/main.js by
// `npm run build`). An app built on Hookboard has a main like this one with its handlers registered
// before `start` (see examples/item-counter/main.ts).
import { serve } from "./serve.ts";

await serve();
