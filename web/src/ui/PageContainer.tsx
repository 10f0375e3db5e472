import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

interface PageContainerProps {
  title: ReactNode;
  subtitle?: ReactNode;
  /** Buttons on the right of the title row. */
  extra?: ReactNode;
  children: ReactNode;
}

/** The title row every page starts with, Ant Design Pro style. */
export function PageContainer({ title, subtitle, extra, children }: PageContainerProps) {
  return (
    <Flex vertical gap={16}>
      <Flex align="center" justify="space-between" wrap gap={12}>
        <div>
          {/* The page's one top-level heading (an h1, sized like the rest of the console). */}
          <Typography.Title level={1} style={{ margin: 0, fontSize: 20, lineHeight: 1.4 }}>
            {title}
          </Typography.Title>
          {subtitle && (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {subtitle}
            </Typography.Text>
          )}
        </div>
        {extra && (
          <Flex gap={8} wrap>
            {extra}
          </Flex>
        )}
      </Flex>
      {children}
    </Flex>
  );
}
