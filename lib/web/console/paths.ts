// Links between the console's group, topic and message pages, built in one place so every page
// encodes names the same way.

export const groupPath = (group: string): string => `/groups/${encodeURIComponent(group)}`;

/** The topic's own page (served by the topics pages). */
export const topicPath = (topic: string): string => `/topics/${encodeURIComponent(topic)}`;

export const messagesPath = (topic: string, partition: number, offset: number): string =>
  `${topicPath(topic)}/messages?partition=${partition}&offset=${offset}`;
