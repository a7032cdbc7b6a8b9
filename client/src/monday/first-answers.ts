// The view's first two questions to monday, asked as soon as this module is evaluated: main.tsx
// imports it before React and Vibe, so monday answers while they load.
import { framed, getContext, getSessionToken } from "./sdk.ts";

const never = <T>() => new Promise<T>(() => {});

export const firstContext = framed ? getContext() : never<Awaited<ReturnType<typeof getContext>>>();
export const firstSessionToken = framed ? getSessionToken() : never<string>();
// handled where used; a rejection here must not be reported as unhandled
firstContext.catch(() => {});
firstSessionToken.catch(() => {});
