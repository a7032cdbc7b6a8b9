// Time as the feature capability sees it: injectable, so tests can let minutes pass without waiting.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
