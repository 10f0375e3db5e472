import type { DemoStory } from '../../platform/seed/demo-story.types';
import { createTicketBody } from './tickets/tickets.schema';
import { createTicket, resolveTicket } from './tickets/tickets.service';

// Service's part of the demo story: 孙七 at the service desk takes 浦江冷链's calls — a cold-store
// door that will not close (still open) and a question about the bill, answered at once (一次办结).

export function scheduleServiceDemo(story: DemoStory): void {
  story.on(3, '09:20', async () => {
    await createTicket(story.deps, story.by('sunqi'), createTicketBody.parse({ customerId: story.id('customer:pujiang'), contactName: '陈浦生', contactPhone: '13916881288', channel: 'phone', category: 'repair', description: 'A01 冷库卷帘门下降到一半停住，库温开始上升，请尽快派人维修。', priority: 'high' }));
    story.count('tickets');
  });
  story.on(1, '14:05', async () => {
    const ticket = await createTicket(story.deps, story.by('sunqi'), createTicketBody.parse({ customerId: story.id('customer:pujiang'), contactName: '王会计', channel: 'phone', category: 'consultation', description: '询问本月账单中水电费的计算方法。' }));
    await resolveTicket(story.deps, story.by('sunqi'), ticket.id, '已说明：按电表本期读数减上期读数乘倍率与单价计算，账单明细中有每项的算法。');
    story.count('tickets');
  });
}
