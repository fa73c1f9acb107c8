// The console's routes. Each page module registers its own paths on the scope it is given.
import type { FastifyInstance } from 'fastify';
import type { ConsoleContext } from '../console-context';
import { page } from './layout';
import { registerGroupPages } from './groups-page';
import { registerGroupActions } from './group-actions';
import { registerMessagesPage } from './messages-page';
import { registerLagChartAssets } from './lag-chart';

export async function registerConsole(app: FastifyInstance, context: ConsoleContext): Promise<void> {
  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(page('Cluster', `<p>Broker ${context.broker.brokerId}</p>`)),
  );
  await registerGroupPages(app, context);
  await registerGroupActions(app, context);
  await registerMessagesPage(app, context);
  await registerLagChartAssets(app);
}
