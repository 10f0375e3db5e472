import type { ThemeConfig } from 'antd';

/** A calm blue on a light workspace with a deep navy sidebar. */
export const brandColor = '#2f6bd8';
export const siderBackground = '#0f1c2e';

export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: brandColor,
    colorInfo: brandColor,
    colorLink: brandColor,
    borderRadius: 6,
    colorBgLayout: '#f3f5f8',
    // WCAG AA contrast (4.5:1) for secondary text on white and on the layout grey; the defaults
    // (45% black, #8c8c8c) reach only 3.4:1.
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    // Red and green that carry text (danger links, status tags, success figures) at ≥ 4.5:1.
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorWarning: '#874d00',
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: {
      siderBg: siderBackground,
      headerBg: '#ffffff',
      headerPadding: '0 20px',
      headerHeight: 56,
    },
    Menu: {
      darkItemBg: siderBackground,
      darkSubMenuItemBg: '#0a1524',
      darkItemSelectedBg: brandColor,
    },
    Table: {
      headerBg: '#f7f9fc',
    },
    Breadcrumb: {
      itemColor: 'rgba(0, 0, 0, 0.62)',
      separatorColor: 'rgba(0, 0, 0, 0.62)',
      lastItemColor: 'rgba(0, 0, 0, 0.88)',
    },
  },
};
