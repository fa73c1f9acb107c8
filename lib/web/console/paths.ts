// Links between the console's group and message pages, built in one place so every page encodes
// names the same way.

export const groupPath = (group: string): string => `/groups/${encodeURIComponent(group)}`;

export const messagesPath = (topic: string, partition: number, offset: number): string =>
  `/topics/${encodeURIComponent(topic)}/messages?partition=${partition}&offset=${offset}`;
