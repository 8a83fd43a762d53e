// Asterisk's active calls and channels.

export interface AsteriskFacts {
  activeCalls: number;
  activeChannels: number;
}
