// The console's routes. Each page module registers its own paths on the scope it is given; a
// refusal (HttpError) is answered here as a page with its status, anything else goes on to the
// operator port's error handler (500, logged).
import type { FastifyInstance } from 'fastify';
import type { ConsoleContext } from '../console-context';
import { HttpError } from '../http-error';
import { notice, sendPage } from './html';
import { registerAssets } from './styles';
import { registerClusterPage } from './cluster-page';
import { registerTopicsPage } from './topics-page';
import { registerTopicPage } from './topic-page';
import { registerGroupPages } from './groups-page';
import { registerGroupActions } from './group-actions';
import { registerMessagesPage } from './messages-page';
import { registerLagChartAssets } from './lag-chart';

export async function registerConsole(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  app.setErrorHandler((error, _request, reply) => {
    if (!(error instanceof HttpError)) throw error;
    return sendPage(reply, TITLES[error.statusCode] ?? 'Bad request', notice('error', error.message), error.statusCode);
  });
  registerAssets(app);
  registerClusterPage(app, context);
  registerTopicsPage(app, context);
  registerTopicPage(app, context);
  await registerGroupPages(app, context);
  await registerGroupActions(app, context);
  await registerMessagesPage(app, context);
  await registerLagChartAssets(app);
}

const TITLES: Record<number, string> = { 404: 'Not found', 403: 'Not allowed', 409: 'Conflict' };
