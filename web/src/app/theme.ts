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
  },
};
