import type { ThemeConfig } from 'antd';

// A dense, calm admin theme; system fonts only (nothing is fetched from elsewhere).
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f6feb',
    borderRadius: 6,
    fontFamily:
      "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans', 'Liberation Sans', Arial, sans-serif",
    fontSize: 14,
  },
  components: {
    Table: { cellPaddingBlock: 10 },
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', bodyBg: '#f5f7fa' },
  },
};
