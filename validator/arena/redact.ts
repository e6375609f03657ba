// Where a miner's servers live is not for the page: its upstream, its internal hosts. Error texts that reach the
// arena page lose every URL and host:port first (the dashboard's dom.js redactUrls does the same in the browser).
const ADDRESS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)\]]+|\b(?:localhost|\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}\b/gi;

export const ADDRESS_HIDDEN = '[address hidden]';

/** The text with each URL (scheme://...) and bare host:port replaced by "[address hidden]". */
export const redactAddresses = (text: string): string => text.replace(ADDRESS, ADDRESS_HIDDEN);
