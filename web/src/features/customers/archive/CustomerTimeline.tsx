import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Skeleton, Timeline, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../ui/format';
import { timelineColor } from '../labels';
import { customerQueryKey, getCustomerTimeline } from './customers-api';
import { useT } from '../../../app/i18n/LocaleProvider';

const PAGE_SIZE = 20;

export const customerTimelineQueryKey = (customerId: number) => [...customerQueryKey(customerId), 'timeline'] as const;

/** 客户时间线 (R-CUS-02): everything recorded about the customer, newest first, with "load more". */
export function CustomerTimeline({ customerId }: { customerId: number }) {
  const t = useT();
  const query = useInfiniteQuery({
    queryKey: customerTimelineQueryKey(customerId),
    queryFn: ({ pageParam }) => getCustomerTimeline(customerId, pageParam, PAGE_SIZE),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  if (query.isPending) return <Skeleton active />;
  if (query.isError) return <Alert type="error" showIcon title={t('customers.archive.theTimelineFailedToLoad')} />;
  const events = query.data.pages.flatMap((page) => page.items);
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.archive.nothingYet')} />;

  return (
    <Flex vertical gap={8} data-testid="customer-timeline">
      <Timeline
        items={events.map((event) => ({
          key: event.id,
          color: timelineColor[event.type] ?? 'blue',
          title: formatDateTime(event.occurredAt),
          content: (
            <Flex vertical gap={2}>
              <span>
                {event.link ? <Link to={event.link}>{event.title}</Link> : event.title}
              </span>
              {event.actorName && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {event.actorName}
                </Typography.Text>
              )}
            </Flex>
          ),
        }))}
      />
      {query.hasNextPage && (
        <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} style={{ alignSelf: 'center' }} data-testid="customer-timeline-more">
          {t('customers.archive.loadEarlierEntries')}
                  </Button>
      )}
    </Flex>
  );
}
