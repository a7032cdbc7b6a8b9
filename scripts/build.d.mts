// Types of scripts/build.mjs (plain JavaScript so that `npm start` needs no tsx).
export declare const CLIENT_DIR: string;
export declare const DIST_DIR: string;
export declare const SERVER_DIST: string;
export declare function clientBuildIsCurrent(): boolean;
export declare function serverBuildIsCurrent(): boolean;
export declare function buildClient(): Promise<void>;
export declare function buildServer(): Promise<void>;
export declare function ensureClientBuilt(): Promise<"current" | "built">;
export declare function ensureServerBuilt(): Promise<"current" | "built">;
