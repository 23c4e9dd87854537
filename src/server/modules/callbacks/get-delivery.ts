import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { presentDelivery, type DeliveryView } from './deliveries.presenter.ts';
import { selectAttempts, selectDelivery } from './deliveries.queries.ts';

/** One delivery with every try: request, response, timing, outcome. */
export async function getDelivery(ctx: AppContext, id: string): Promise<DeliveryView> {
  const row = await selectDelivery(ctx.db, id);
  if (!row)
    throw new AppError('DELIVERY_NOT_FOUND', `no delivery ${id} (the log keeps the newest per account)`);
  return presentDelivery(row, await selectAttempts(ctx.db, id));
}
